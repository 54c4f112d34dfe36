/**
 * Amazon EKS for local-cloud: the control plane API, an embedded Kubernetes API server per cluster, and a small
 * controller that plays the parts of the deployment controller, the kubelet and the AWS Load Balancer Controller.
 *
 * <h2>Control plane ({@link dev.uniformpipeline.localcloud.eks.EksService}, restJson1)</h2>
 * CreateCluster ({@code POST /clusters}), DescribeCluster ({@code GET /clusters/{name}}), ListClusters
 * ({@code GET /clusters}, maxResults 1..100 and nextToken) and DeleteCluster ({@code DELETE /clusters/{name}}).
 * A cluster is {@code CREATING} for {@link dev.uniformpipeline.localcloud.eks.EksService#DEFAULT_CREATION_TIME}
 * (10 minutes of cloud time, like AWS), then {@code ACTIVE}; a deleted one is {@code DELETING} for 2 minutes,
 * then gone. Errors go out as AWS-FACTS §1 says for rest-json (type in {@code X-Amzn-ErrorType}, {@code message}
 * in the body): {@code ResourceNotFoundException} 404, {@code ResourceInUseException} 409 (duplicate name),
 * {@code InvalidParameterException} 400 (name pattern, missing roleArn or resourcesVpcConfig, version that is not
 * {@code 1.NN}, maxResults), {@code InvalidRequestException} 400 for every other EKS operation (node groups,
 * add-ons, access entries, UpdateClusterVersion... are not implemented). Cluster records are a
 * {@link dev.uniformpipeline.localcloud.spi.StatefulService} snapshot; the Kubernetes objects inside a cluster are
 * not saved and an API server restarted after a restore has a new port and a new CA.
 *
 * <h2>Kubernetes API ({@link dev.uniformpipeline.localcloud.eks.KubeApiServer})</h2>
 * fabric8 {@code kubernetes-server-mock} in CRUD mode over HTTPS on 127.0.0.1, one per cluster, started the first
 * time DescribeCluster sees the cluster ACTIVE (endpoint and {@code certificateAuthority.data} are absent before).
 * <b>TLS:</b> the mock (its Vert.x {@code MockWebServer}) generates a fresh self-signed certificate for
 * {@code localhost} at start and cannot be given one, so DescribeCluster returns <em>that</em> certificate as the
 * CA (base64 of its PEM, as kubeconfig's {@code certificate-authority-data} wants) and the endpoint
 * {@code https://localhost:<port>}. A client configured only from DescribeCluster (master URL + CA data) verifies
 * the server normally; it must resolve {@code localhost} to 127.0.0.1 (the server listens on IPv4 only).
 * <b>Auth:</b> every request needs {@code Authorization: Bearer k8s-aws-v1.<base64url presigned STS URL>}, shaped as
 * {@code aws eks get-token} makes it. Checked (as aws-iam-authenticator does before calling STS): length at most 4096,
 * the prefix, base64url, https, an {@code sts.*.amazonaws.com[.cn]} host, path {@code /}, only the allowed query
 * parameters each once, {@code Action=GetCallerIdentity}, {@code X-Amz-Expires} 0..900, the SigV4 presign
 * parameters present and {@code x-k8s-aws-id} among the signed headers; anything else gets 401 with a Kubernetes
 * {@code Status}. <b>Not verified:</b> the signature (no call to STS), the 15-minute validity after
 * {@code X-Amz-Date} (the cloud clock is scaled, the client signs with wall time), the cluster name in
 * {@code x-k8s-aws-id} (only the signature carries it), and authorization: any well-formed token is cluster-admin
 * (no aws-auth ConfigMap, no access entries, no RBAC). The mock itself has no server-side apply, no strategic merge
 * patch, no admission defaults (so {@code spec.replicas} etc. are defaulted by the controller when absent) and no
 * pod logs/exec. {@code metadata.generation} and the {@code /status} subresource are the mock's own.
 *
 * <h2>Controller ({@link dev.uniformpipeline.localcloud.eks.ClusterController})</h2>
 * Polls the store every 100 ms of wall time through a fabric8 client; every delay it models is cloud time.
 * <ul>
 *   <li><b>Deployments:</b> pods are named {@code <deployment>-<hash>-<5 chars>}, labelled with the template's labels
 *       plus {@code pod-template-hash} (FNV-1a of the template JSON, Kubernetes' safe encoding) and owned by the
 *       Deployment directly: no ReplicaSet objects are created (the hash names the would-be ReplicaSet in
 *       condition messages). RollingUpdate follows the deployment controller's arithmetic (maxSurge rounds up,
 *       maxUnavailable rounds down, both default 25%, both 0 means maxUnavailable 1; scale up the new hash within
 *       replicas + maxSurge, clean up unavailable old pods first, then remove old available pods down to
 *       replicas - maxUnavailable available). Recreate deletes all old pods before creating new ones. Pods are
 *       deleted at once (no graceful termination phase, so {@code status.replicas} never counts terminating pods).
 *       {@code spec.paused} stops scaling. Pods of a deleted Deployment are garbage-collected.</li>
 *   <li><b>Deployment status</b> is what kubectl's rollout-status (AWS-FACTS §9) reads: observedGeneration,
 *       replicas, updatedReplicas, readyReplicas, availableReplicas (Ready for minReadySeconds), unavailableReplicas;
 *       condition {@code Available} (MinimumReplicasAvailable / MinimumReplicasUnavailable against
 *       replicas - maxUnavailable) and {@code Progressing}: NewReplicaSetCreated for a new template hash,
 *       ReplicaSetUpdated whenever the counts progress (refreshing lastUpdateTime), NewReplicaSetAvailable when
 *       complete, False/ProgressDeadlineExceeded once lastUpdateTime is older than progressDeadlineSeconds (default
 *       600); like Kubernetes it keeps trying afterwards and never rolls back. DeploymentPaused (Unknown) when paused.
 *       FoundNewReplicaSet, ReplicaSetCreateError, collisionCount and revision annotations are not produced.</li>
 *   <li><b>Pods</b> (the kubelet part): each pod gets a loopback IP from the shared
 *       {@link dev.uniformpipeline.localcloud.ecs.runtime.LoopbackAddressPool} and each container runs on the same
 *       {@link dev.uniformpipeline.localcloud.ecs.runtime.TaskRuntime} as ECS tasks (simulated by default, podman with
 *       {@code RuntimeMode.PODMAN}), so the {@code uniform.sim.*} image labels documented in
 *       {@code ecs/runtime/package-info.java} apply unchanged (containerPort is bound on the pod IP). The image is
 *       resolved through {@link dev.uniformpipeline.localcloud.spi.ImageResolver} (local ECR): not found gives
 *       {@code ErrImagePull}, then {@code ImagePullBackOff} with back-off 10 s doubling to 5 min, phase Pending. A
 *       container that exits is recorded in {@code lastState.terminated} (exitCode, reason Error / Completed /
 *       OOMKilled for 137, startedAt, finishedAt); the first restart is immediate, later ones wait in
 *       {@code CrashLoopBackOff} (10 s doubling to 5 min), {@code restartCount} counts restarts. Readiness:
 *       {@code httpGet} (2xx/3xx, named or numbered port, initialDelaySeconds, periodSeconds, timeoutSeconds,
 *       successThreshold, failureThreshold) or {@code tcpSocket}; exec probes count as passing; no probe means ready
 *       once started. Pod conditions PodScheduled, Initialized, PodReadyToStartContainers, ContainersReady, Ready.
 *       Not modelled: liveness and startup probes (their paths only become health paths of the simulated app),
 *       init containers, resources/scheduling (never Unschedulable), volumes, ConfigMap/Secret env
 *       ({@code valueFrom} is ignored; no CreateContainerConfigError), HTTPS probes, restart back-off reset.</li>
 *   <li><b>TargetGroupBindings</b> ({@code elbv2.k8s.aws/v1beta1}, stored as a custom resource): for
 *       {@code targetType: ip} (or absent, then taken from the target group), the Service named by
 *       {@code serviceRef.name} is read, {@code serviceRef.port} matched by number or name, its {@code targetPort}
 *       resolved (number, container port name, or the port itself) and the Ready pods matching its selector are
 *       registered as {@code <pod IP>:<targetPort>} through {@link dev.uniformpipeline.localcloud.spi.TargetRegistry}
 *       (local ELBv2, which health-checks them for real); pods that go away or stop being Ready are deregistered
 *       (they drain for the group's deregistration delay). {@code targetType: instance}, {@code networking},
 *       TargetGroupBinding status and the controller's Ingress/Service annotations are not modelled.</li>
 * </ul>
 */
package dev.uniformpipeline.localcloud.eks;
