import ArgumentParser
import DockerSource
import Foundation
import SwarmFormat
import SwarmModel

extension SnapshotCommand {
    /// `swarmtop snapshot --docker [URL]`: the real swarm now, in the same forms as the engine's.
    func runDocker(address: String) async throws {
        let client: DockerClient
        let listing: DockerListing
        do {
            let endpoint = try DockerEndpoint.resolve(option: DockerOption.url(address), environment: ProcessInfo.processInfo.environment)
            client = try await DockerClient.connect(to: endpoint)
            listing = try await DockerListing.read(from: client)
        } catch {
            // The daemon's refusals are its own text: sanitised like everything else it says.
            FileHandle.standardError.write(Data("swarmtop: \(sanitizedForTerminal(error.description))\n".utf8))
            throw ExitCode(2)
        }
        let cluster = listing.cluster
        switch format {
        case .table:
            print(
                NodeTable.render(cluster, self: listing.selfID) + "\n" + ServiceTable.render(cluster) + "\n"
                    + TaskTable.render(cluster, now: listing.time),
                terminator: "")
        case .json:
            // A live swarm has no event count or elapsed time of its own: both are zero.
            let document = snapshotDocument(cluster: cluster, eventCount: 0, elapsed: .zero)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(document)
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
