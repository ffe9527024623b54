import Foundation
import Testing
@testable import SwarmScenario

/// One test per kind of mistake, each asserting the exact one-line message and its line.
@Suite struct ScenarioErrorTests {
    // MARK: The error itself

    @Test func descriptionIsFileLineMessage() {
        #expect(ScenarioError(file: "a.yaml", line: 3, message: "bad").description == "a.yaml:3: bad")
        #expect(ScenarioError(file: "a.yaml", line: nil, message: "no such file").description == "a.yaml: no such file")
    }

    @Test func messagesStayOnOneLine() {
        #expect(ScenarioError(file: "a.yaml", line: 1, message: "two\nlines").description == "a.yaml:1: two lines")
        #expect(errorText(minimal + "images:\n  \"a\\nb\": {pull: x}\n") == "s.yaml:9: 'pull' is not a duration: 'x' (write e.g. 90s, 1m30s, 500ms)")
    }

    // MARK: Files

    @Test func missingFile() {
        #expect(loadError("/nonexistent/scenario.yaml") == "/nonexistent/scenario.yaml: no such file")
    }

    @Test func directoryInsteadOfFile() {
        let dir = fixtureURL("").path
        #expect(loadError(dir) == "\(dir): is a directory, not a scenario file")
    }

    @Test func fileThatIsNotUTF8() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-latin1-\(UUID()).yaml")
        try Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xE9, 0x0A]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(loadError(url.path) == "\(url.path): is not a text file (it holds bytes that are not UTF-8)")
    }

    @Test func binaryFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swarmtop-binary-\(UUID()).yaml")
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(loadError(url.path) == "\(url.path): is not a text file (it holds NUL bytes)")
    }

    // MARK: YAML

    @Test func invalidYAMLGivesTheParsersProblemAndLine() throws {
        #expect(try fixtureError("invalid-yaml.yaml") == "invalid-yaml.yaml:5: invalid YAML: did not find expected '-' indicator")
    }

    @Test func unclosedFlowMapping() {
        #expect(errorText("name: x\nnodes: [{hostname: m\n") == "s.yaml:3: invalid YAML: did not find expected ',' or '}'")
    }

    @Test func duplicateKeyNamesTheSecondLine() {
        #expect(errorText("name: a\nseed: 1\nname: b\n") == "s.yaml:3: duplicate key 'name' (also on line 1)")
    }

    @Test func emptyFile() throws {
        #expect(errorText("") == "s.yaml:1: the scenario is empty")
        #expect(try fixtureError("empty.yaml") == "empty.yaml:1: the scenario is empty")
    }

    @Test func topLevelMustBeAMapping() {
        #expect(errorText("- name: a\n") == "s.yaml:1: the scenario must be a mapping with name, nodes, services, …; got a list")
    }

    // MARK: Keys

    @Test func unknownKeySuggestsTheClosestKnownOne() throws {
        #expect(try fixtureError("unknown-key.yaml") == "unknown-key.yaml:8: unknown key 'replica' in service 'web' (did you mean 'replicas'?)")
    }

    @Test func unknownKeyWithNothingCloseHasNoSuggestion() {
        #expect(errorText(minimal + "colour: blue\n") == "s.yaml:8: unknown key 'colour' at the top level")
    }

    @Test func unknownKeyInASubMapping() {
        #expect(errorText(minimal + """
            images:
              busybox: {pul: 2s}
            """) == "s.yaml:9: unknown key 'pul' in images entry 'busybox' (did you mean 'pull'?)")
    }

    @Test func missingName() {
        #expect(errorText("nodes: [{hostname: m, role: manager}]\n") == "s.yaml:1: missing key 'name' at the top level")
    }

    @Test func missingImage() {
        #expect(errorText("""
            name: t
            nodes: [{hostname: m, role: manager}]
            services:
              - name: web
                replicas: 2
            """) == "s.yaml:4: missing key 'image' in service 'web'")
    }

    @Test func missingHostname() {
        #expect(errorText("""
            name: t
            nodes:
              - role: manager
            """) == "s.yaml:3: missing key 'hostname' in a node")
    }

    @Test func missingAt() {
        #expect(errorText(minimal + """
            timeline:
              - drain: w1
            """) == "s.yaml:9: missing key 'at' in a timeline entry")
    }

    // MARK: Values

    @Test func replicasMustBeAWholeNumber() {
        #expect(errorText(minimal + """
            timeline:
              - {at: 1m, scale: {service: web, replicas: three}}
            """) == "s.yaml:9: replicas must be a whole number ≥ 0, got 'three'")
        #expect(errorText("""
            name: t
            nodes: [{hostname: m, role: manager}]
            services:
              - name: web
                image: nginx
                replicas: -1
            """) == "s.yaml:6: replicas must be a whole number ≥ 0, got '-1'")
    }

    @Test func badDuration() {
        #expect(errorText(minimal + """
            timeline:
              - at: 5 minutes
                drain: w1
            """) == "s.yaml:9: 'at' is not a duration: '5 minutes' (write e.g. 90s, 1m30s, 500ms)")
    }

    @Test func negativeTime() {
        #expect(errorText(minimal + """
            timeline:
              - at: -5s
                drain: w1
            """) == "s.yaml:9: 'at' must not be negative, got '-5s'")
    }

    @Test func badMemorySize() {
        #expect(errorText("""
            name: t
            nodes:
              - hostname: m
                role: manager
                memory: 8 gigs
            """) == "s.yaml:5: 'memory' is not a size: '8 gigs' (write e.g. 512MiB, 8GiB, 1.5G)")
    }

    @Test func badCPUCount() {
        #expect(errorText("""
            name: t
            nodes:
              - hostname: m
                role: manager
                cpus: 0
            """) == "s.yaml:5: cpus must be a number > 0, got '0'")
    }

    @Test func badEnumValueListsTheAllowedOnes() {
        #expect(errorText("""
            name: t
            nodes: [{hostname: m, role: manager}]
            services:
              - name: web
                image: nginx
                restart: {condition: always}
            """) == "s.yaml:6: condition must be one of none, on-failure, any; got 'always'")
        #expect(errorText("name: t\nnodes: [{hostname: m, role: boss}]\n") == "s.yaml:2: role must be one of worker, manager; got 'boss'")
    }

    @Test func badSeed() {
        #expect(errorText(minimal + "seed: -1\n") == "s.yaml:8: seed must be a whole number from 0 to 18446744073709551615, got '-1'")
    }

    @Test func badStart() {
        #expect(errorText(minimal + "start: yesterday\n") == "s.yaml:8: start must be an RFC 3339 time such as 2026-01-01T00:00:00Z, got 'yesterday'")
    }

    @Test func wrongShapeOfValue() {
        #expect(errorText("name: [a, b]\nnodes: [{hostname: m, role: manager}]\n") == "s.yaml:1: name must be text, got a list")
        #expect(errorText("name: t\nnodes: {hostname: m}\n") == "s.yaml:2: nodes must be a list, got a mapping")
    }

    @Test func badConstraint() {
        #expect(errorText("""
            name: t
            nodes: [{hostname: m, role: manager}]
            services:
              - name: web
                image: nginx
                constraints: [node.role==manager, node.label.zone==a]
            """) == "s.yaml:6: constraint 'node.label.zone==a' has unknown key 'node.label.zone' (did you mean 'node.labels.zone'?)")
        #expect(errorText("""
            name: t
            nodes: [{hostname: m, role: manager}]
            services:
              - name: web
                image: nginx
                constraints:
                  - node.role=manager
            """) == "s.yaml:7: constraint 'node.role=manager' must be KEY==VALUE or KEY!=VALUE, e.g. node.role==worker")
    }

    @Test func badSpread() {
        #expect(errorText("""
            name: t
            nodes: [{hostname: m, role: manager}]
            services:
              - {name: web, image: nginx, spread: [zone]}
            """) == "s.yaml:4: spread entry 'zone' must be node.labels.NAME or engine.labels.NAME (e.g. node.labels.zone)")
    }

    @Test func badServiceName() {
        #expect(errorText("""
            name: t
            nodes: [{hostname: m, role: manager}]
            services:
              - {name: my web, image: nginx}
            """) == "s.yaml:4: service name 'my web' is not valid: use letters, digits, '-' and '_', starting and ending with a letter or digit (at most 63)")
    }

    // MARK: Brace ranges

    @Test func backwardsBraceRange() {
        #expect(errorText("name: t\nnodes:\n  - hostname: m{3..1}\n    role: manager\n")
            == "s.yaml:3: hostname 'm{3..1}' has a backwards range '{3..1}': write the smaller number first")
    }

    @Test func twoBraceRanges() {
        #expect(errorText("name: t\nnodes:\n  - hostname: r{1..2}-n{1..3}\n    role: manager\n")
            == "s.yaml:3: hostname 'r{1..2}-n{1..3}' has more than one {a..b} range; write at most one")
    }

    @Test func malformedBraceRange() {
        #expect(errorText("name: t\nnodes:\n  - hostname: m{a..c}\n    role: manager\n")
            == "s.yaml:3: hostname 'm{a..c}' has a bad range '{a..c}': write {FIRST..LAST} with whole numbers, e.g. {1..3}")
        #expect(errorText("name: t\nnodes:\n  - hostname: m{1..3\n    role: manager\n")
            == "s.yaml:3: hostname 'm{1..3' has an unmatched '{' (a range is written {1..3})")
    }

    // MARK: Services

    @Test func replicasWithGlobalMode() {
        #expect(errorText("""
            name: t
            nodes: [{hostname: m, role: manager}]
            services:
              - name: agent
                image: agent
                mode: global
                replicas: 3
            """) == "s.yaml:7: replicas is not allowed with mode: global (a global service runs one task per node)")
    }

    @Test func duplicateServiceName() {
        #expect(errorText(minimal + "  - {name: web, image: httpd}\n") == "s.yaml:8: duplicate service name 'web' (also on line 7)")
    }

    @Test func simulateAndImagesForOneImageNamesBothLines() throws {
        #expect(try fixtureError("simulate-and-images.yaml")
            == "simulate-and-images.yaml:11: behaviour of image 'api:2' is given twice, on lines 8 and 11; keep one")
    }

    @Test func missingOnNamesAnUnknownNode() {
        #expect(errorText(minimal + "images:\n  busybox: {missing_on: [w1, w3]}\n")
            == "s.yaml:9: missing_on names unknown node 'w3' (did you mean 'w1'?)")
    }

    // MARK: Nodes

    @Test func noNodes() {
        #expect(errorText("name: t\nnodes: []\n") == "s.yaml:2: the cluster needs at least one node")
    }

    @Test func noManager() throws {
        #expect(try fixtureError("no-manager.yaml") == "no-manager.yaml:2: the cluster needs at least one manager")
    }

    @Test func duplicateHostnameAfterExpansion() throws {
        #expect(try fixtureError("duplicate-hostname.yaml") == "duplicate-hostname.yaml:6: duplicate hostname 'worker-3' (also on line 5)")
    }

    @Test func invalidHostname() {
        #expect(errorText("name: t\nnodes: [{hostname: 'm 1', role: manager}]\n")
            == "s.yaml:2: hostname 'm 1' is not valid: use letters, digits, '.', '-' and '_'")
    }

    // MARK: Timeline

    @Test func timelineNamesAnUnknownNode() throws {
        #expect(try fixtureError("timeline-unknown-node.yaml")
            == "timeline-unknown-node.yaml:10: drain names unknown node 'worker-33' (did you mean 'worker-3'?)")
    }

    @Test func timelineNamesAnUnknownService() {
        #expect(errorText(minimal + "timeline:\n  - {at: 1m, scale: wbe=3}\n")
            == "s.yaml:9: scale names unknown service 'wbe' (did you mean 'web'?)")
        #expect(errorText(minimal + "timeline:\n  - {at: 1m, kill_task: api.1}\n")
            == "s.yaml:9: kill_task names unknown service 'api'")
    }

    @Test func timelineNamesANodeBeforeItIsAdded() {
        #expect(errorText(minimal + """
            timeline:
              - {at: 2m, add_node: {hostname: w9}}
              - {at: 1m, drain: w9}
            """) == "s.yaml:10: drain names node 'w9' before it is added (add_node on line 9)")
    }

    @Test func timelineNamesAServiceBeforeItIsCreated() {
        #expect(errorText(minimal + """
            timeline:
              - {at: 1m, remove_service: batch}
              - {at: 2m, create_service: {name: batch, image: busybox}}
            """) == "s.yaml:9: remove_service names service 'batch' before it is created (create_service on line 10)")
    }

    @Test func timelineAddsANodeThatIsThere() {
        #expect(errorText(minimal + "timeline:\n  - {at: 1m, add_node: {hostname: w2}}\n")
            == "s.yaml:9: duplicate hostname 'w2' (also on line 5)")
    }

    @Test func timelineEntryWithoutAnAction() {
        #expect(errorText(minimal + "timeline:\n  - at: 1m\n")
            == "s.yaml:9: timeline entry needs an action: drain, pause, activate, promote, demote, node_down, node_up, scale, update_image, kill_task, add_node, remove_node, create_service, remove_service")
    }

    @Test func timelineEntryWithTwoActions() {
        #expect(errorText(minimal + """
            timeline:
              - at: 1m
                drain: w1
                scale: web=2
            """) == "s.yaml:11: timeline entry has 2 actions, 'drain' and 'scale'; write one action per entry")
    }

    @Test func misspeltVerbSuggestsTheVerb() {
        #expect(errorText(minimal + "timeline:\n  - {at: 1m, drian: w1}\n")
            == "s.yaml:9: unknown key 'drian' in a timeline entry (did you mean 'drain'?)")
    }

    @Test func badShorthands() {
        #expect(errorText(minimal + "timeline:\n  - {at: 1m, scale: web}\n")
            == "s.yaml:9: scale must be SERVICE=REPLICAS (e.g. web=10) or {service: web, replicas: 10}, got 'web'")
        #expect(errorText(minimal + "timeline:\n  - {at: 1m, kill_task: web}\n")
            == "s.yaml:9: kill_task must be SERVICE.SLOT (e.g. web.1), got 'web'")
    }
}

extension ScenarioErrorTests {
    @Test func tooDeeplyNestedYAML() {
        #expect(errorText(String(repeating: "[", count: 5000)) == "s.yaml:1: invalid YAML: lists and mappings are nested too deeply")
    }
}
