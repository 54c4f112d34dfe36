package dev.uniformpipeline.localcloud.ecs.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out loopback addresses {@code 127.0.<n>.<m>} (n 1..254, m 2..254) as task ENI IPs. Linux routes all
 * of 127.0.0.0/8 to lo, so each task can bind its own address with the container port, the way awsvpc gives
 * each task its own IP. Released addresses are reused last-in-last-out (oldest released first) and only after
 * every never-used address is gone, so a target that a load balancer still drains is not handed to a new task.
 */
public final class LoopbackAddressPool {
    private static final LoopbackAddressPool SHARED = new LoopbackAddressPool();
    private final int firstSubnet;
    private final int lastSubnet;
    private int nextSubnet;
    private int nextHost = 2;
    private final Deque<String> released = new ArrayDeque<>();
    private final Set<String> inUse = new HashSet<>();

    /** One pool per JVM, so several local clouds in one test JVM never hand out the same address. */
    public static LoopbackAddressPool shared() {
        return SHARED;
    }

    /** The whole pool, 127.0.1.2 to 127.0.254.254. */
    public LoopbackAddressPool() {
        this(1, 254);
    }

    /** A pool limited to subnets {@code 127.0.<first..last>.*}, so several clouds can share a host. */
    public LoopbackAddressPool(int firstSubnet, int lastSubnet) {
        if (firstSubnet < 1 || lastSubnet > 254 || firstSubnet > lastSubnet) {
            throw new IllegalArgumentException("subnets must satisfy 1 <= first <= last <= 254");
        }
        this.firstSubnet = firstSubnet;
        this.lastSubnet = lastSubnet;
        this.nextSubnet = firstSubnet;
    }

    public synchronized String allocate() {
        String ip;
        do {
            ip = next();
        } while (inUse.contains(ip));
        inUse.add(ip);
        return ip;
    }

    private String next() {
        String ip;
        if (nextSubnet <= lastSubnet) {
            ip = "127.0." + nextSubnet + "." + nextHost;
            if (++nextHost > 254) {
                nextHost = 2;
                nextSubnet++;
            }
        } else if (!released.isEmpty()) {
            ip = released.pollFirst();
        } else {
            throw new IllegalStateException("no free loopback address in 127.0." + firstSubnet + "-" + lastSubnet
                    + ".0/24: too many tasks");
        }
        return ip;
    }

    /** Marks an address as taken (a restored task keeps its IP). */
    public synchronized void claim(String ip) {
        released.remove(ip);
        inUse.add(ip);
    }

    public synchronized void release(String ip) {
        if (ip != null && inUse.remove(ip)) {
            released.addLast(ip);
        }
    }

    public synchronized int inUse() {
        return inUse.size();
    }
}
