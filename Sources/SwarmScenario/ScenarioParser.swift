import YAMLSupport
import SwarmEngine
import SwarmModel
import Yams

/// Turns a composed YAML tree into a `Scenario`, checking it as it goes and stopping at the
/// first problem, which it reports with its line.
struct ScenarioParser {
    /// The file name errors and timeline sources start with.
    let file: String
    /// Which file format the values are read in.
    var dialect: Dialect = .scenario

    /// The formats whose values differ: scenario files, and compose files (`docker stack deploy`).
    enum Dialect {
        /// Bare numbers are seconds; `KB` is 1000 bytes and `KiB` 1024.
        case scenario
        /// As docker reads a compose file: durations need a unit; `K`, `KB` and `KiB` are all 1024.
        case compose
    }

    static let topKeys = ["name", "description", "seed", "start", "nodes", "services", "images", "timeline"]
    static let nodeKeys = ["hostname", "role", "availability", "labels", "engine_labels", "cpus", "memory"]

    /// An error at a line of this file.
    func fail(_ line: Int?, _ message: String) -> ScenarioError {
        ScenarioError(file: file, line: line, message: message)
    }

    /// The whole scenario.
    func scenario(_ root: YAMLNode) throws(ScenarioError) -> Scenario {
        guard case .mapping(let rootMap) = root else {
            throw fail(root.line(or: 1), "the scenario must be a mapping with name, nodes, services, …; got \(root.shown)")
        }
        let top = try checkedMap(rootMap, line: 1, place: "at the top level", allowed: Self.topKeys)
        var setup = EngineSetup(clusterName: try nonEmptyText(required(top, "name")))
        var description: String?
        if let e = top["description"], !e.value.isNull {
            let d = String(try text(e).trimmingWhitespace)
            guard !d.contains(where: \.isNewline) else { throw fail(e.line, "description must be one line") }
            description = d
        }
        if let e = top["seed"] {
            guard let s = scalarText(e), let seed = UInt64(s.trimmingSpaces) else {
                throw fail(e.line, "seed must be a whole number from 0 to \(UInt64.max), got \(e.value.shown)")
            }
            setup.seed = seed
        }
        if let e = top["start"] {
            guard let s = scalarText(e), let start = Timestamp(rfc3339: s.trimmingSpaces) else {
                throw fail(e.line, "start must be an RFC 3339 time such as 2026-01-01T00:00:00Z, got \(e.value.shown)")
            }
            setup.start = start
        }

        var hostnames: [String: Int] = [:]
        let nodesEntry = try required(top, "nodes")
        for item in try list(nodesEntry) {
            for (template, line) in try nodes(item, of: "nodes", line: nodesEntry.keyLine) {
                if let first = hostnames[template.hostname] {
                    throw fail(line, "duplicate hostname '\(template.hostname)' (also on line \(first))")
                }
                hostnames[template.hostname] = line
                setup.nodes.append(template)
            }
        }
        if setup.nodes.isEmpty { throw fail(nodesEntry.keyLine, "the cluster needs at least one node") }
        if !setup.nodes.contains(where: { $0.role == .manager }) {
            throw fail(nodesEntry.keyLine, "the cluster needs at least one manager")
        }

        var behaviours: [BehaviourEntry] = []
        var serviceNames: [String: Int] = [:]
        if let servicesEntry = top["services"] {
            for item in try list(servicesEntry) {
                let s = try service(item, of: "services", line: servicesEntry.keyLine)
                if let first = serviceNames[s.spec.name] {
                    throw fail(s.nameLine, "duplicate service name '\(s.spec.name)' (also on line \(first))")
                }
                serviceNames[s.spec.name] = s.nameLine
                setup.services.append(ServiceSetup(spec: s.spec))
                if let b = s.simulate { behaviours.append(b) }
            }
        }
        if let imagesEntry = top["images"], !imagesEntry.value.isNull {
            guard case .mapping(let m) = imagesEntry.value else {
                throw fail(imagesEntry.line, "images must be a mapping of image names to behaviours (e.g. \"api:2\": {crash_rate: 60}), got \(imagesEntry.value.shown)")
            }
            for (k, v) in m {
                let line = k.line(or: imagesEntry.keyLine)
                guard case .scalar(let key) = k, !k.isNull, !key.string.trimmingSpaces.isEmpty else {
                    throw fail(line, "images keys must be image names, got \(k.shown)")
                }
                let entry = Entry(key: key.string, keyLine: line, value: v)
                behaviours.append(try behaviour(entry, image: key.string, place: "in images entry \(quoted(key.string))"))
            }
        }
        if let timelineEntry = top["timeline"] {
            let plan = try timeline(timelineEntry, nodes: hostnames, services: serviceNames)
            setup.timeline = plan.actions
            behaviours += plan.behaviours
            for (name, line) in plan.addedNodes where hostnames[name] == nil { hostnames[name] = line }
        }
        setup.images = try images(behaviours, hostnames: hostnames)
        return Scenario(setup: setup, description: description, file: file)
    }

    // MARK: Nodes

    /// The nodes one entry describes (several when its hostname has a `{a..b}` range), each
    /// with the line of its hostname.
    func nodes(_ item: YAMLNode, of list: String, line: Int) throws(ScenarioError) -> [(NodeTemplate, Int)] {
        let place = item.mapping?["hostname"]?.scalar.map { "in node \(quoted($0.string))" } ?? "in a node"
        let map = try map(item: item, of: list, line: line, place: place, allowed: Self.nodeKeys, example: "hostname: worker-1, …")
        let hostnameEntry = try required(map, "hostname")
        let pattern = try nonEmptyText(hostnameEntry, as: "a hostname")
        let names = try hostnames(pattern, line: hostnameEntry.line)
        var template = NodeTemplate(hostname: "")
        if let e = map["role"] { template.role = try choice(e) }
        if let e = map["availability"] { template.availability = try choice(e) }
        if let e = map["labels"] { template.labels = try labels(e) }
        if let e = map["engine_labels"] { template.engineLabels = try labels(e) }
        if let e = map["cpus"] { template.resources.nanoCPUs = try cpus(e, positive: true) }
        if let e = map["memory"] { template.resources.memoryBytes = try size(e, positive: true) }
        return names.map { name in
            var t = template
            t.hostname = name
            return (t, hostnameEntry.line)
        }
    }

    /// The hostnames a pattern expands to, each checked.
    func hostnames(_ pattern: String, line: Int) throws(ScenarioError) -> [String] {
        let names: [String]
        do {
            names = try BraceRange.expand(pattern)
        } catch {
            let p = quoted(pattern)
            switch error {
            case .twoRanges:
                throw fail(line, "hostname \(p) has more than one {a..b} range; write at most one")
            case .unmatched(let brace):
                throw fail(line, "hostname \(p) has an unmatched '\(brace)' (a range is written {1..3})")
            case .malformed(let range):
                throw fail(line, "hostname \(p) has a bad range \(quoted(range)): write {FIRST..LAST} with whole numbers, e.g. {1..3}")
            case .backwards(let range):
                throw fail(line, "hostname \(p) has a backwards range \(quoted(range)): write the smaller number first")
            case .tooMany(_, let count):
                throw fail(line, "hostname \(p) makes \(count) nodes; a range makes at most \(BraceRange.maxCount)")
            }
        }
        for name in names where !Self.isValidHostname(name) {
            throw fail(line, "hostname \(quoted(name)) is not valid: use letters, digits, '.', '-' and '_'")
        }
        return names
    }

    static func isValidHostname(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 253 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
    }

    // MARK: Image behaviours

    /// How one image behaves, from a `simulate` or `images` entry.
    struct BehaviourEntry {
        var image: String
        /// The line of the `simulate:` or image key.
        var line: Int
        var behaviour: ImageBehavior
        /// `missing_on` hostnames with their lines, to check once every node is known.
        var missingOn: [(text: String, line: Int)]
    }

    static let behaviourKeys = ["pull", "start", "stop", "crash_rate", "exit_code", "run_for", "missing_on", "missing"]

    /// An image behaviour; keys left out keep `ImageBehavior()`'s values.
    func behaviour(_ entry: Entry, image: String, place: String) throws(ScenarioError) -> BehaviourEntry {
        let map = try map(entry, place: place, allowed: Self.behaviourKeys)
        var b = ImageBehavior()
        if let e = map["pull"] { b.pullTime = try duration(e) }
        if let e = map["start"] { b.startTime = try duration(e) }
        if let e = map["stop"] { b.stopTime = try duration(e) }
        if let e = map["crash_rate"] { b.crashRate = try number(e, .nonNegative(max: 1_000_000)) }
        if let e = map["exit_code"] { b.exitCode = try wholeNumber(e, in: 1...255, rule: "from 1 to 255") }
        if let e = map["run_for"], !e.value.isNull { b.runFor = try duration(e) }
        if let e = map["missing"] { b.missingEverywhere = try flag(e) }
        var missingOn: [(text: String, line: Int)] = []
        if let e = map["missing_on"] {
            missingOn = try textList(e)
            b.missingOn = Set(missingOn.map(\.text))
        }
        return BehaviourEntry(image: image, line: entry.keyLine, behaviour: b, missingOn: missingOn)
    }

    /// The behaviours by image, after checking that no image has two and that `missing_on`
    /// names only nodes the scenario has.
    func images(_ entries: [BehaviourEntry], hostnames: [String: Int]) throws(ScenarioError) -> [String: ImageBehavior] {
        var result: [String: ImageBehavior] = [:]
        var lines: [String: Int] = [:]
        for entry in entries {
            if let other = lines[entry.image] {
                let (a, b) = (min(other, entry.line), max(other, entry.line))
                throw fail(b, "behaviour of image \(quoted(entry.image)) is given twice, on lines \(a) and \(b); keep one")
            }
            for (name, line) in entry.missingOn where hostnames[name] == nil {
                throw fail(line, "missing_on names unknown node \(quoted(name))\(Suggestion.hint(for: name, among: hostnames.keys.sorted()))")
            }
            lines[entry.image] = entry.line
            result[entry.image] = entry.behaviour
        }
        return result
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace, newlines included.
    var trimmingWhitespace: SubSequence {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
