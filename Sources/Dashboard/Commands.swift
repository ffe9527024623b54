import SwarmModel

/// The `:` command line: `:drain NODE`, `:activate NODE`, `:pause NODE`, `:promote NODE`,
/// `:demote NODE`, `:scale SERVICE N` (or `SERVICE=N`), `:theme [NAME]`, `:help`, `:q`, and
/// fault injection: `:fail node NODE`, `:recover node NODE`, `:kill task TASK` (ID or
/// `service.slot`).
enum Commands {
    enum Parsed: Equatable {
        case action(ClusterAction)
        case quit
        case help
        /// `:theme NAME`, or `:theme` alone (nil) to list the themes.
        case theme(String?)
        /// `:mark NAME`: a named marker in the recording.
        case mark(String)
        case error(String)
        case empty
    }

    static let nodeVerbs = ["drain", "activate", "pause", "promote", "demote"]
    static let faultVerbs = ["fail", "recover", "kill"]
    static let all = nodeVerbs + ["scale"] + faultVerbs + ["theme", "mark", "help", "quit", "q"]

    static func parse(_ text: String, in cluster: Cluster) -> Parsed {
        let words = text.split(separator: " ").map(String.init)
        guard let verb = words.first else { return .empty }
        let args = Array(words.dropFirst())
        switch verb {
        case "q", "quit", "q!": return .quit
        case "help", "h", "?": return .help
        case "theme":
            guard args.count <= 1 else { return .error(":theme takes one theme name, e.g. :theme nord") }
            return .theme(args.first)
        case "mark":
            guard !args.isEmpty else { return .error(":mark takes a name, e.g. :mark before-drain") }
            return .mark(args.joined(separator: " "))
        case _ where nodeVerbs.contains(verb):
            guard args.count == 1 else { return .error(":\(verb) takes one node, e.g. :\(verb) worker-1") }
            guard let node = cluster.node(named: args[0]) else { return .error("no node named '\(args[0])'") }
            let host = node.description.hostname
            switch verb {
            case "drain": return .action(.setAvailability(node: host, .drain))
            case "activate": return .action(.setAvailability(node: host, .active))
            case "pause": return .action(.setAvailability(node: host, .pause))
            case "promote": return .action(.promote(node: host))
            default: return .action(.demote(node: host))
            }
        case "scale":
            var parts = args
            if parts.count == 1, let eq = parts[0].firstIndex(of: "=") {
                parts = [String(parts[0][..<eq]), String(parts[0][parts[0].index(after: eq)...])]
            }
            guard parts.count == 2 else { return .error(":scale takes a service and a number, e.g. :scale web 5") }
            guard let service = cluster.service(named: parts[0]) else { return .error("no service named '\(parts[0])'") }
            guard let n = Int(parts[1]), n >= 0 else { return .error("'\(parts[1])' is not a number of replicas") }
            return .action(.scale(service: service.spec.name, replicas: n))
        case "fail", "recover":
            guard args.count == 2, args[0] == "node" else { return .error(":\(verb) takes 'node' and a node, e.g. :\(verb) node worker-1") }
            guard let node = cluster.node(named: args[1]) else { return .error("no node named '\(args[1])'") }
            let host = node.description.hostname
            return .action(verb == "fail" ? .nodeDown(node: host) : .nodeUp(node: host))
        case "kill":
            guard args.count == 2, args[0] == "task" else { return .error(":kill takes 'task' and a task, e.g. :kill task web.1") }
            guard let task = cluster.task(named: args[1]) else { return .error("no task named '\(args[1])'") }
            return .action(.killTask(task: task.id.rawValue))
        default:
            let suggestion = all.first { $0.hasPrefix(verb) }.map { " (did you mean :\($0)?)" } ?? ""
            return .error("unknown command ':\(verb)'\(suggestion) — try :drain NODE, :scale SERVICE N, :q")
        }
    }

    /// Completes the last word: a command, then node, service or theme names. Returns the new
    /// text and, when several candidates remain, all of them.
    static func complete(_ text: String, in cluster: Cluster, themes: [String] = []) -> (String, [String]) {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let partial = words.last ?? ""
        let candidates: [String]
        if words.count <= 1 {
            candidates = all.filter { $0.hasPrefix(partial) && $0 != "q" }
        } else if nodeVerbs.contains(words[0]) && words.count == 2 {
            candidates = cluster.orderedNodes.map(\.description.hostname).filter { $0.hasPrefix(partial) }
        } else if words[0] == "scale" && words.count == 2 {
            candidates = cluster.orderedServices.map(\.spec.name).filter { $0.hasPrefix(partial) }
        } else if words[0] == "theme" && words.count == 2 {
            candidates = themes.filter { $0.hasPrefix(partial) }
        } else if faultVerbs.contains(words[0]) && words.count == 2 {
            candidates = [words[0] == "kill" ? "task" : "node"].filter { $0.hasPrefix(partial) }
        } else if (words[0] == "fail" || words[0] == "recover") && words.count == 3 {
            candidates = cluster.orderedNodes.map(\.description.hostname).filter { $0.hasPrefix(partial) }
        } else {
            candidates = []
        }
        guard !candidates.isEmpty else { return (text, []) }
        if candidates.count == 1 {
            words[words.count - 1] = candidates[0]
            return (words.joined(separator: " ") + " ", candidates)
        }
        var common = candidates[0]
        for c in candidates.dropFirst() {
            while !c.hasPrefix(common) { common.removeLast() }
        }
        words[words.count - 1] = common
        return (words.joined(separator: " "), candidates)
    }
}
