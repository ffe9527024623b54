import SwarmModel
import Testing

@testable import SwarmFormat

// The expected tables were printed by the docker CLI 28.2.2 (`docker service ls`) against an
// Engine API stub serving the same services. Rows whose PORTS cell is empty end in the IMAGE
// column's padding, as docker's do.

@Test func serviceTableMatchesDockerServiceLs() {
    #expect(ServiceTable.render(Fixture.cluster()) == lines(
        "ID             NAME      MODE         REPLICAS               IMAGE                                    PORTS",
        "men2khvdgaj8   api       replicated   2/2                    redis:7                                  ",
        "5344tfjgvq4k   monitor   global       2/3                    registry.example.com:5000/ops/agent:v2   ",
        "xkwo886vompz   tools     replicated   0/0                    busybox                                  ",
        "oa5lqsaj08xu   web       replicated   2/3 (max 2 per node)   nginx:1.25                               "))
}

@Test func serviceTableShowsImagesAndOrderLikeDocker() {
    #expect(ServiceTable.render(EdgeFixture.cluster()) == lines(
        "ID             NAME      MODE         REPLICAS   IMAGE                                                                             PORTS",
        "s05aaaaaaaaa   Svc-up    replicated   0/1        Upper/Case:1                                                                      ",
        "s02aaaaaaaaa   svc9      replicated   3/1        busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef   ",
        "s01aaaaaaaaa   svc10     replicated   0/1        busybox                                                                           ",
        "s03aaaaaaaaa   svc-a     replicated   1/1        foo/bar:1                                                                         ",
        "s07aaaaaaaaa   svc-d     replicated   0/1        gcr.io/proj/img:tag@sha256:bad                                                    ",
        "s08aaaaaaaaa   svc-e     replicated   0/1        docker.io/library/nginx                                                           ",
        "s09aaaaaaaaa   svc-f     replicated   0/1        nginx:latest                                                                      ",
        "s04aaaaaaaaa   svc.b     replicated   0/1        localhost:5000/x/y:dev                                                            ",
        "s06aaaaaaaaa   svc_c     replicated   0/1        alpine:3                                                                          "))
}

@Test func replicasShowPerNodeLimitOfReplicatedService() {
    let c = Fixture.cluster()
    #expect(ServiceTable.replicas(of: c.services[Fixture.web]!, in: c) == "2/3 (max 2 per node)")
}

@Test func replicasOfGlobalServiceIgnorePerNodeLimit() {
    var c = Fixture.cluster()
    var monitor = c.services[Fixture.monitor]!
    monitor.spec.taskTemplate.placement = Placement(maxReplicas: 1)
    c.upsert(monitor)
    #expect(ServiceTable.replicas(of: monitor, in: c) == "2/3")
}

@Test(arguments: [
    ("nginx", "nginx"),
    ("nginx:1.25", "nginx:1.25"),
    ("docker.io/library/nginx:1.25", "nginx:1.25"),
    ("index.docker.io/library/nginx:1.25", "nginx:1.25"),
    ("docker.io/foo/bar:1", "foo/bar:1"),
    ("nginx:1.25@sha256:" + String(repeating: "ab", count: 32), "nginx:1.25"),
    ("nginx@sha256:" + String(repeating: "ab", count: 32), "nginx@sha256:" + String(repeating: "ab", count: 32)),
    ("localhost:5000/app:dev", "localhost:5000/app:dev"),
    ("localhost:5000/app", "localhost:5000/app"),
    ("Upper/Case:1", "Upper/Case:1"),
    ("nginx:1.25@sha256:short", "nginx:1.25@sha256:short"),
    ("my__repo/a-b--c.d:v1.0-rc_1", "my__repo/a-b--c.d:v1.0-rc_1"),
])
func imageIsShownInFamiliarFormWithoutDigest(image: String, shown: String) {
    #expect(displayedImage(image) == shown)
}

@Test func serviceTableOfEmptyClusterIsHeaderOnly() {
    #expect(ServiceTable.render(Cluster()) == lines("ID        NAME      MODE      REPLICAS   IMAGE     PORTS"))
}
