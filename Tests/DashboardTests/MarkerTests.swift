import Dashboard
import Testing

@Suite struct MarkerTests {
    @Test func mAsksForANumberedMarker() {
        var (_, state) = Demo.dashboard()
        #expect(Demo.press([.character("m")], &state) == [.marker(nil)])
    }

    @Test func theMarkCommandAsksForANamedMarkerEvenWhenReadOnly() {
        var (_, state) = Demo.dashboard(readOnly: true)
        #expect(Demo.press([.character(":")] + Key.chars("mark before drain") + [.enter], &state) == [.marker("before drain")])
    }

    @Test func theMarkCommandNeedsAName() {
        var (_, state) = Demo.dashboard()
        #expect(Demo.press([.character(":")] + Key.chars("mark") + [.enter], &state).isEmpty)
        #expect(state.status?.text == ":mark takes a name, e.g. :mark before-drain")
    }
}
