package dev.uniformpipeline.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS trust for registries with a private CA. jib-core opens its HTTPS connections with the JVM's default SSL
 * socket factory, so an extra CA has to be trusted process-wide: {@link #trust(Path)} adds the CA certificates of a
 * PEM file to a composite trust manager (the JDK's default trust store first, then every added CA) and installs it
 * with {@link SSLContext#setDefault}. Certificates are only ever added, never removed; the JDK's own CAs stay
 * trusted.
 */
public final class RegistryTls {
    private static final Map<String, X509Certificate> EXTRA = new LinkedHashMap<>();
    private static SSLContext current;

    private RegistryTls() { }

    /** Trusts the CA(s) in {@code caPem} from now on (process-wide) and returns the resulting context. */
    public static synchronized SSLContext trust(Path caPem) throws RegistryException {
        List<X509Certificate> certs = load(caPem);
        boolean added = false;
        for (X509Certificate c : certs) {
            String key = c.getSubjectX500Principal().getName() + "#" + c.getSerialNumber();
            if (EXTRA.putIfAbsent(key, c) == null) {
                added = true;
            }
        }
        if (added || current == null) {
            current = build();
            SSLContext.setDefault(current);
        }
        return current;
    }

    /** The context to use: the composite one when a CA was added, else the JDK default. */
    public static synchronized SSLContext context() throws RegistryException {
        if (current != null) {
            return current;
        }
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new RegistryException(RegistryException.Reason.TLS, "the JVM has no default TLS context: "
                    + e.getMessage());
        }
    }

    private static List<X509Certificate> load(Path caPem) throws RegistryException {
        try (InputStream in = Files.newInputStream(caPem)) {
            Collection<? extends java.security.cert.Certificate> all =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : all) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new RegistryException(RegistryException.Reason.TLS, caPem + " holds no PEM certificate;"
                        + " point caCertificate at the registry's CA certificate (PEM)");
            }
            return out;
        } catch (IOException | CertificateException e) {
            throw new RegistryException(RegistryException.Reason.TLS, "cannot read the CA certificate " + caPem
                    + ": " + e.getMessage() + "; point caCertificate at a PEM file");
        }
    }

    private static SSLContext build() throws RegistryException {
        try {
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            X509ExtendedTrustManager jdkTm = pick(jdk.getTrustManagers());
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : EXTRA.values()) {
                ks.setCertificateEntry("uniform-extra-" + i++, c);
            }
            TrustManagerFactory extra = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            extra.init(ks);
            X509ExtendedTrustManager extraTm = pick(extra.getTrustManagers());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Composite(jdkTm, extraTm)}, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new RegistryException(RegistryException.Reason.TLS, "cannot set up TLS trust: " + e.getMessage());
        }
    }

    private static X509ExtendedTrustManager pick(TrustManager[] tms) {
        for (TrustManager tm : tms) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509 trust manager");
    }

    /** Trusts what the JDK trusts, or else what the extra CAs sign. */
    private static final class Composite extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager first;
        private final X509ExtendedTrustManager second;

        Composite(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
            this.first = first;
            this.second = second;
        }

        private interface Check {
            void run(X509ExtendedTrustManager tm) throws CertificateException;
        }

        private void either(Check check) throws CertificateException {
            try {
                check.run(first);
            } catch (CertificateException e) {
                check.run(second);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            either(tm -> tm.checkClientTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            either(tm -> tm.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            either(tm -> tm.checkClientTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            either(tm -> tm.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(tm -> tm.checkClientTrusted(chain, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(tm -> tm.checkServerTrusted(chain, authType));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }

}
