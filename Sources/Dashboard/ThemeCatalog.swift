/// The themes the operator can switch between (`t`, `:theme NAME`), and the one in use.
///
/// The app loads them (theme files are not the dashboard's business) and puts them in the
/// state at the start; the reducer only chooses among them.
public struct ThemeCatalog: Hashable, Sendable {
    /// The themes, in the order `t` goes through them; names are unique.
    public private(set) var themes: [Theme]
    /// The position of the theme in use in `themes`.
    public private(set) var currentIndex: Int

    /// A catalogue of `themes` (a later theme replaces an earlier one of the same name) with
    /// `current` in use; `current` is added at the end when it is not among them.
    public init(_ themes: [Theme], current: Theme) {
        var unique: [Theme] = []
        for theme in themes {
            if let i = unique.firstIndex(where: { $0.name == theme.name }) { unique[i] = theme } else { unique.append(theme) }
        }
        if let i = unique.firstIndex(where: { $0.name == current.name }) {
            unique[i] = current
            currentIndex = i
        } else {
            unique.append(current)
            currentIndex = unique.count - 1
        }
        self.themes = unique
    }

    /// The compiled-in themes, `default` in use.
    public static let builtIn = ThemeCatalog([.defaultDark, .monochrome], current: .defaultDark)

    /// The theme in use.
    public var current: Theme { themes[currentIndex] }

    /// The themes' names, in order.
    public var names: [String] { themes.map(\.name) }

    /// The theme called `name`, if there is one.
    /// - Complexity: O(n) in the number of themes.
    public func theme(named name: String) -> Theme? { themes.first { $0.name == name } }

    /// Puts the theme called `name` in use; false (and nothing changes) when there is none.
    @discardableResult
    public mutating func select(_ name: String) -> Bool {
        guard let i = themes.firstIndex(where: { $0.name == name }) else { return false }
        currentIndex = i
        return true
    }

    /// Puts the next theme in use (after the last, the first) and returns it.
    @discardableResult
    public mutating func selectNext() -> Theme {
        currentIndex = (currentIndex + 1) % themes.count
        return current
    }
}
