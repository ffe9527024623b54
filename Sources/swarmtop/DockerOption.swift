import ArgumentParser

/// `--docker [URL]`: an option whose value may be left out. ArgumentParser has no such
/// options, so a bare `--docker` is rewritten to `--docker=default` (DOCKER_HOST, else the
/// system socket) before parsing.
enum DockerOption {
    /// The value that stands for "no URL given".
    static let fromEnvironment = "default"

    /// The URL `--docker`'s value gives; nil for DOCKER_HOST or the system socket.
    static func url(_ value: String) -> String? {
        value == fromEnvironment || value.isEmpty ? nil : value
    }

    /// The arguments with every bare `--docker` given the value `default`. The next argument is
    /// `--docker`'s URL only when it looks like an address (`scheme://…` or `/path`).
    static func normalized(_ arguments: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument == "--docker" else {
                result.append(argument)
                if argument == "--" {
                    result.append(contentsOf: arguments[index...])
                    break
                }
                continue
            }
            if index < arguments.endIndex, looksLikeAddress(arguments[index]) {
                result.append("--docker=" + arguments[index])
                index += 1
            } else {
                result.append("--docker=" + fromEnvironment)
            }
        }
        return result
    }

    static func looksLikeAddress(_ text: String) -> Bool {
        text.contains("://") || text.hasPrefix("/")
    }
}

extension Swarmtop {
    /// Parses the command line with `--docker`'s value made explicit, then runs the command.
    static func main() async {
        await main(DockerOption.normalized(Array(CommandLine.arguments.dropFirst())))
    }
}
