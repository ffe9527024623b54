import SwarmModel

extension Engine {
    /// Carries out an action and says whether it was accepted, with Docker's words when not.
    mutating func perform(_ action: ClusterAction) -> ActionOutcome {
        if action.needsLeader && leader == nil { return .refused(Engine.noLeaderMessage) }
        switch action {
        case .setAvailability(let ref, let availability):
            guard let node = cluster.node(named: ref) else { return .refused(Engine.noSuchNode(ref)) }
            setAvailability(node.id, availability)
            return .accepted

        case .promote(let ref):
            guard let node = cluster.node(named: ref) else { return .refused(Engine.noSuchNode(ref)) }
            promote(node.id)
            return .accepted

        case .demote(let ref):
            guard let node = cluster.node(named: ref) else { return .refused(Engine.noSuchNode(ref)) }
            return demote(node.id)

        case .scale(let ref, let replicas):
            guard let service = cluster.service(named: ref) else { return .refused(Engine.noSuchService(ref)) }
            guard case .replicated = service.spec.mode else {
                return .refused("scale can only be used with replicated or replicated-job mode")
            }
            guard replicas >= 0 else { return .refused("invalid replicas value \(replicas): must be a non-negative integer") }
            changeService(service.id) { $0.spec.mode = .replicated(replicas: replicas) }
            dirtyServices.insert(service.id)
            return .accepted

        case .updateImage(let ref, let image):
            guard let service = cluster.service(named: ref) else { return .refused(Engine.noSuchService(ref)) }
            guard !image.isEmpty else { return .refused("invalid image reference: the image name is empty") }
            startUpdate(of: service.id, to: image)
            return .accepted

        case .nodeDown(let ref):
            guard let node = cluster.node(named: ref) else { return .refused(Engine.noSuchNode(ref)) }
            guard sims[node.id]?.alive == true else { return .refused("node \(node.description.hostname) is already down") }
            nodeWentDown(node.id)
            return .accepted

        case .nodeUp(let ref):
            guard let node = cluster.node(named: ref) else { return .refused(Engine.noSuchNode(ref)) }
            guard sims[node.id]?.alive == false else { return .refused("node \(node.description.hostname) is already up") }
            nodeCameUp(node.id)
            return .accepted

        case .killTask(let ref):
            guard let task = cluster.task(named: ref) else { return .refused("task \(ref) not found") }
            guard task.state == .running || task.state == .starting else {
                return .refused("task \(ref) is not running (it is \(task.state.name))")
            }
            setState(task.id, .failed, message: "started", err: "task: non-zero exit (137)", exitCode: 137)
            return .accepted

        case .addNode(let template):
            guard !template.hostname.isEmpty else { return .refused("a node needs a hostname") }
            _ = joinNode(template)
            return .accepted

        case .removeNode(let ref, let force):
            guard let node = cluster.node(named: ref) else { return .refused(Engine.noSuchNode(ref)) }
            return removeNode(node.id, force: force)

        case .createService(let spec):
            guard !spec.name.isEmpty else { return .refused("a service needs a name") }
            guard cluster.service(named: spec.name)?.spec.name != spec.name else {
                return .refused("rpc error: code = AlreadyExists desc = name conflicts with an existing object")
            }
            if case .replicated(let n) = spec.mode, n < 0 {
                return .refused("invalid replicas value \(n): must be a non-negative integer")
            }
            _ = createService(spec)
            return .accepted

        case .removeService(let ref):
            guard let service = cluster.service(named: ref) else { return .refused(Engine.noSuchService(ref)) }
            removeService(service.id)
            return .accepted
        }
    }

    static func noSuchNode(_ ref: String) -> String { "node \(ref) not found" }
    static func noSuchService(_ ref: String) -> String { "service \(ref) not found" }
}
