import SwarmModel
import Testing

@testable import SwarmFormat

// The expected tables were printed by the docker CLI 28.2.2 (`docker service ps`, `docker node
// ps`) against an Engine API stub serving the same tasks, with their times moved so that "now"
// fell where it does here.

@Test func taskTableMatchesDockerServicePsOfOneService() {
    #expect(TaskTable.render(Fixture.cluster(), services: [Fixture.web], now: Fixture.now) == lines(
        "ID             NAME        IMAGE        NODE       DESIRED STATE   CURRENT STATE                    ERROR                              PORTS",
        "wxfogo4mvn4a   web.1       nginx:1.25   manager1   Running         Running 44 seconds ago                                              ",
        "zfkkibj3j4wj    \\_ web.1   nginx:1.25   worker2    Shutdown        Failed about a minute ago        \"task: non-zero exit (137): co…\"   ",
        "ns6puq80idw3    \\_ web.1   nginx:1.24   worker1    Shutdown        Shutdown 3 hours ago                                                ",
        "lj4h9du7794g   web.2       nginx:1.25   worker10   Running         Running 3 days ago                                                  ",
        "u66mr26846p7   web.3       nginx:1.25              Running         Pending less than a second ago   \"no suitable node (max replica…\"   "))
}

@Test func taskTableMatchesDockerServicePsOfAllServices() {
    #expect(TaskTable.render(Fixture.cluster(), now: Fixture.now) == lines(
        "ID             NAME                                IMAGE                                    NODE       DESIRED STATE   CURRENT STATE                    ERROR                              PORTS",
        "enthjxjqi3og   api.1                               redis:7                                  manager2   Running         Running 3 minutes ago                                               ",
        "qzj865ufrdl1   api.2                               redis:7                                  worker10   Running         Running about an hour ago                                           ",
        "fxbv932byv7s    \\_ api.2                           redis:7                                  worker1    Shutdown        Shutdown 2 minutes ago                                              ",
        "cab69m64p2g1   monitor.9uvw53efr4edt2sywb3wkh5dn   registry.example.com:5000/ops/agent:v2   worker2    Running         Running 2 hours ago                                                 ",
        "iaeq1kdfy6sp   monitor.sipzz5fk2z9ri19r0wyojfljo   registry.example.com:5000/ops/agent:v2   worker10   Running         Rejected 10 seconds ago          \"No such image: registry.examp…\"   ",
        "90ric7phkqdl   monitor.ujzde8gxd6ncf10epf91dhodz   registry.example.com:5000/ops/agent:v2   manager1   Running         Running 5 hours ago                                                 ",
        "wxfogo4mvn4a   web.1                               nginx:1.25                               manager1   Running         Running 44 seconds ago                                              ",
        "zfkkibj3j4wj    \\_ web.1                           nginx:1.25                               worker2    Shutdown        Failed about a minute ago        \"task: non-zero exit (137): co…\"   ",
        "ns6puq80idw3    \\_ web.1                           nginx:1.24                               worker1    Shutdown        Shutdown 3 hours ago                                                ",
        "lj4h9du7794g   web.2                               nginx:1.25                               worker10   Running         Running 3 days ago                                                  ",
        "u66mr26846p7   web.3                               nginx:1.25                                          Running         Pending less than a second ago   \"no suitable node (max replica…\"   "))
}

@Test func taskTableMatchesDockerNodePsOnCornerCases() {
    #expect(TaskTable.render(EdgeFixture.cluster(), now: Fixture.now) == lines(
        "ID             NAME                          IMAGE                                                                             NODE                         DESIRED STATE   CURRENT STATE              ERROR                              PORTS",
        "t13aaaaaaaaa   deletedservice00000000000.4   ubuntu:22.04                                                                      cafe\u{301}                         Shutdown        Complete 2 weeks ago                                          ",
        "t02aaaaaaaaa   svc9.1                        busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef   ノード-1                     Running         Running 59 seconds ago                                        ",
        "t00aaaaaaaaa   svc9.2                        busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef   ノード-1                     Running         Running 59 seconds ago                                        ",
        "t01aaaaaaaaa   svc9.10                       busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef   ノード-1                     Running         Running 59 seconds ago                                        ",
        "t10aaaaaaaaa   svc10.1                       busybox                                                                           named-node                   Shutdown        Failed 1 second ago        \"エラー：イメージが見つかりま…\"    ",
        "t11aaaaaaaaa    \\_ svc10.1                   busybox                                                                           gone0000000000000000000000   Shutdown        Failed 2 hours ago         \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"   ",
        "t12aaaaaaaaa    \\_ svc10.1                   busybox                                                                           emoji-🐳                     Shutdown        Failed about an hour ago   \"yyyyyyyyyyyyyyyyyyyyyyyyyyyyy…\"   ",
        "t14aaaaaaaaa   svc-a.1                       foo/bar:1                                                                         cafe\u{301}                         Running         Running 13 months ago      \"café 🐳🐳🐳🐳🐳🐳🐳🐳🐳🐳🐳🐳…\"   "))
}

@Test func olderTasksOfASlotFollowTheLiveOneNewestFirstWithPrefix() {
    let names = TaskTable.rows(Fixture.cluster(), tasks: Fixture.cluster().tasks(ofService: Fixture.web), now: Fixture.now).map { $0[1] }
    #expect(names == ["web.1", " \\_ web.1", " \\_ web.1", "web.2", "web.3"])
}

@Test func taskOrderDoesNotDependOnInputOrder() {
    let c = Fixture.cluster()
    let tasks = Array(c.tasks.values)
    #expect(TaskTable.render(c, tasks: tasks, now: Fixture.now) == TaskTable.render(c, tasks: tasks.reversed(), now: Fixture.now))
}

@Test func globalTaskIsNamedByServiceAndNodeID() {
    let c = Fixture.cluster()
    #expect(TaskTable.name(of: c.tasks["90ric7phkqdlmtt7ns26lrwbq"]!, in: c) == "monitor.ujzde8gxd6ncf10epf91dhodz")
}

@Test func unassignedTaskHasEmptyNode() {
    let c = Fixture.cluster()
    #expect(TaskTable.nodeName(of: c.tasks["u66mr26846p7q9m2i0hz2uep1"]!, in: c) == "")
}

@Test func currentStateLowercasesTheDuration() {
    let t = Fixture.task("t", Fixture.web, slot: 1, node: nil, image: "x", created: .seconds(90), state: .starting, since: .seconds(90))
    #expect(TaskTable.currentState(of: t, now: Fixture.now) == "Starting about a minute ago")
}

@Test func currentStateOfAReportFromTheFutureIsLessThanASecondAgo() {
    let t = Fixture.task("t", Fixture.web, slot: 1, node: nil, image: "x", created: .zero, state: .running, since: .seconds(-30))
    #expect(TaskTable.currentState(of: t, now: Fixture.now) == "Running less than a second ago")
}

@Test func errorOfThirtyColumnsIsQuotedWhole() {
    let t = Fixture.task("t", Fixture.web, slot: 1, node: nil, image: "x", created: .zero, state: .failed, since: .zero, err: String(repeating: "e", count: 30))
    #expect(TaskTable.error(of: t) == "\"eeeeeeeeeeeeeeeeeeeeeeeeeeeeee\"")
}

@Test func errorOverThirtyColumnsIsCutToTwentyNineAndEllipsis() {
    let t = Fixture.task("t", Fixture.web, slot: 1, node: nil, image: "x", created: .zero, state: .failed, since: .zero, err: String(repeating: "e", count: 31))
    #expect(TaskTable.error(of: t) == "\"eeeeeeeeeeeeeeeeeeeeeeeeeeeee…\"")
}

@Test func errorIsSanitisedBeforeItIsCut() {
    // The escape sequences would use up the 30 columns if they were counted; the newline is a space.
    let err = "\u{1B}[1;31m\u{1B}]8;;http://x\u{1B}\\exit 1\u{1B}]8;;\u{1B}\\\u{1B}[0m\nsee logs"
    let t = Fixture.task("t", Fixture.web, slot: 1, node: nil, image: "x", created: .zero, state: .failed, since: .zero, err: err)
    #expect(TaskTable.error(of: t) == "\"exit 1 see logs\"")
}

@Test func errorWithNothingPrintableIsEmpty() {
    let t = Fixture.task("t", Fixture.web, slot: 1, node: nil, image: "x", created: .zero, state: .failed, since: .zero, err: "\u{1B}[0m")
    #expect(TaskTable.error(of: t) == "")
}

@Test func taskWithoutErrorHasEmptyErrorCell() {
    let t = Fixture.task("t", Fixture.web, slot: 1, node: nil, image: "x", created: .zero, state: .running, since: .zero)
    #expect(TaskTable.error(of: t) == "")
}

@Test func taskTableOfNoTasksIsHeaderOnly() {
    #expect(TaskTable.render(Cluster(), tasks: [], now: Fixture.now) == lines(
        "ID        NAME      IMAGE     NODE      DESIRED STATE   CURRENT STATE   ERROR     PORTS"))
}
