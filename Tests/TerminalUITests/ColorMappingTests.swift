import Dashboard
import Testing
@testable import TerminalUI

@Suite struct ColorMappingTests {
    // MARK: RGB → 256

    @Test func pureRedIsCubeColour196() {
        #expect(XtermPalette.nearest256(to: .init(255, 0, 0)) == 196)
    }

    @Test func midGreyIsOnTheGreyRamp() {
        let index = XtermPalette.nearest256(to: .init(128, 128, 128))
        #expect(index == 244)
        #expect((232...255).contains(index))
    }

    @Test(arguments: [
        (XtermPalette.RGB(0, 0, 0), UInt8(16)), (.init(255, 255, 255), 231), (.init(0, 0, 255), 21),
        (.init(0, 255, 0), 46), (.init(250, 128, 114), 209), (.init(18, 18, 18), 233),
    ])
    func rgbMapsToTheNearestCubeOrGrey(_ color: XtermPalette.RGB, _ expected: UInt8) {
        #expect(XtermPalette.nearest256(to: color) == expected)
    }

    @Test func everyCubeAndGreyColourMapsToItself() {
        for index in UInt8(16)...255 {
            #expect(XtermPalette.nearest256(to: XtermPalette.rgb(ofIndex: index)) == index)
        }
    }

    // MARK: 256 → 16

    @Test(arguments: [(UInt8(196), 9), (244, 8), (21, 4), (231, 15), (16, 0), (2, 2), (13, 13)])
    func indexedColoursFallBackToTheNearestAnsiColour(_ index: UInt8, _ expected: Int) {
        #expect(CellAppearance.number(.indexed(index), depth: .ansi16) == expected)
    }

    @Test func rgbOnSixteenColoursIsTheNearestAnsiColour() {
        #expect(CellAppearance.number(.rgb(255, 0, 0), depth: .ansi16) == 9)
        #expect(CellAppearance.number(.rgb(0, 0, 200), depth: .ansi16) == 4)
    }

    @Test func brightForegroundOnEightColoursBecomesBold() {
        let look = CellAppearance(Style(.brightRed, .brightBlue), depth: .ansi8)
        #expect(look.foreground == 1)
        #expect(look.background == 4)
        #expect(look.bold)
    }

    @Test func plainForegroundOnEightColoursStaysNotBold() {
        let look = CellAppearance(Style(.red), depth: .ansi8)
        #expect(look.foreground == 1)
        #expect(!look.bold)
    }

    @Test func indexedAndRgbOn256Colours() {
        #expect(CellAppearance.number(.indexed(200), depth: .indexed256) == 200)
        #expect(CellAppearance.number(.rgb(255, 0, 0), depth: .indexed256) == 196)
        #expect(CellAppearance.number(.default, depth: .indexed256) == CellAppearance.defaultColor)
    }

    @Test func directColourKeepsAnsiBaseColoursAndPacksTheRest() {
        #expect(CellAppearance.number(.indexed(1), depth: .direct) == 1)
        #expect(CellAppearance.number(.indexed(15), depth: .direct) == 0xFF_FFFF)
        #expect(CellAppearance.number(.rgb(0x12, 0x34, 0x56), depth: .direct) == 0x12_3456)
        #expect(CellAppearance.number(.rgb(0, 0, 0), depth: .direct) == 8)  // 0 would mean ANSI black
    }

    // MARK: No colour

    @Test func noColourDropsColoursButKeepsAttributes() {
        let look = CellAppearance(Style(.brightYellow, bold: true, dim: true, underline: true), depth: .none)
        #expect(look.foreground == CellAppearance.defaultColor)
        #expect(look.background == CellAppearance.defaultColor)
        #expect(!look.hasColor)
        #expect(look.bold && look.dim && look.underline)
        #expect(!look.reverse)
    }

    @Test func noColourShowsABackgroundAsReverseVideo() {
        let selection = Theme.defaultDark.style(.selection)
        #expect(CellAppearance(selection, depth: .none).reverse)
        #expect(!CellAppearance(selection, depth: .indexed256).reverse)
    }

    // MARK: Resolving the mode

    @Test func noColorEnvironmentTurnsColourOff() {
        #expect(ColorDepth.resolve(.detect, environment: ["NO_COLOR": "1"], hasColors: true, colors: 256) == .none)
    }

    @Test func emptyNoColorIsIgnored() {
        #expect(ColorDepth.resolve(.detect, environment: ["NO_COLOR": ""], hasColors: true, colors: 256) == .indexed256)
    }

    @Test(arguments: [(false, 256, ColorDepth.none), (true, 2, .none), (true, 8, .ansi8), (true, 16, .ansi16),
                      (true, 88, .ansi16), (true, 256, .indexed256), (true, 0x100_0000, .direct)])
    func detectFollowsTerminfo(_ hasColors: Bool, _ colors: Int, _ expected: ColorDepth) {
        #expect(ColorDepth.resolve(.detect, environment: [:], hasColors: hasColors, colors: colors) == expected)
    }

    @Test func forcedModeIsCappedAtWhatTheTerminalHas() {
        #expect(ColorDepth.resolve(.indexed256, environment: [:], hasColors: true, colors: 8) == .ansi8)
        #expect(ColorDepth.resolve(.trueColor, environment: [:], hasColors: true, colors: 256) == .indexed256)
        #expect(ColorDepth.resolve(.ansi16, environment: [:], hasColors: true, colors: 256) == .ansi16)
        #expect(ColorDepth.resolve(.none, environment: [:], hasColors: true, colors: 256) == .none)
    }

    @Test func forcedModeOverridesNoColor() {
        #expect(ColorDepth.resolve(.ansi16, environment: ["NO_COLOR": "1"], hasColors: true, colors: 256) == .ansi16)
    }
}
