extension Reducer {
    /// `t`: the next theme of the catalogue (after the last, the first).
    static func nextTheme(_ s: inout DashboardState) -> [Effect] {
        guard s.themes.themes.count > 1 else {
            s.status = StatusMessage("theme \(s.themes.current.name) is the only one")
            return []
        }
        let theme = s.themes.selectNext()
        s.status = StatusMessage("theme \(theme.name) (t: next, :theme NAME)")
        return [.setTheme(theme)]
    }

    /// `:theme NAME` puts that theme in use; `:theme` alone lists them, the one in use marked.
    static func theme(_ name: String?, _ s: inout DashboardState) -> [Effect] {
        guard let name else {
            let names = s.themes.names.map { $0 == s.themes.current.name ? "[\($0)]" : $0 }
            s.status = StatusMessage("themes: " + names.joined(separator: " "))
            return []
        }
        guard s.themes.select(name) else {
            let names = s.themes.names
            let suggestion = names.first { $0.hasPrefix(name) } ?? names.first { name.hasPrefix($0) }
            let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            s.status = StatusMessage("no theme '\(name)'\(hint) — themes: \(names.joined(separator: " "))", isError: true)
            return []
        }
        s.status = StatusMessage("theme \(name)")
        return [.setTheme(s.themes.current)]
    }
}
