import Testing
@testable import TerminalUI

@Suite struct CursesTextTests {
    /// A C library that knows Unicode: combining marks 0, CJK and emoji 2.
    static func modernWidth(_ scalar: UInt32) -> Int {
        switch scalar {
        case 0x300...0x36F, 0x200D, 0xFE0F: 0
        case 0x4E00...0x9FFF, 0x1F300...0x1FAFF: 2
        default: 1
        }
    }

    @Test func asciiIsOnePiece() {
        #expect(CursesText.pieces(for: "a", columns: 1, width: Self.modernWidth) == [.init(scalars: [0x61], columns: 1)])
    }

    @Test func combiningMarksStayWithTheirBase() {
        #expect(CursesText.pieces(for: "e\u{301}", columns: 1, width: Self.modernWidth) == [.init(scalars: [0x65, 0x301], columns: 1)])
    }

    @Test func wideCharacterTheLibraryKnowsIsOnePiece() {
        #expect(CursesText.pieces(for: "中", columns: 2, width: Self.modernWidth) == [.init(scalars: [0x4E2D], columns: 2)])
    }

    @Test func emojiSequenceIsCutToItsFirstCharacter() {
        let family: Character = "\u{1F468}\u{200D}\u{1F469}"
        #expect(CursesText.pieces(for: family, columns: 2, width: Self.modernWidth) == [.init(scalars: [0x1F468], columns: 2)])
    }

    @Test func characterTheLibraryThinksNarrowerIsPaddedWithASpace() {
        let heart: Character = "\u{2764}\u{FE0F}"  // ❤️: 2 columns for the canvas, 1 for an old C library
        #expect(CursesText.pieces(for: heart, columns: 2, width: Self.modernWidth) == [
            .init(scalars: [0x2764], columns: 1), .init(scalars: [0x20], columns: 1),
        ])
    }

    @Test func unprintableInTheLocaleBecomesQuestionMarks() {
        let cLocale: (UInt32) -> Int = { $0 < 0x80 ? 1 : -1 }
        #expect(CursesText.pieces(for: "中", columns: 2, width: cLocale) == [
            .init(scalars: [0x3F], columns: 1), .init(scalars: [0x3F], columns: 1),
        ])
    }

    @Test func unknownCharacterInAUnicodeLocaleBecomesTheReplacementCharacter() {
        let width: (UInt32) -> Int = { $0 == 0x10FFFD ? -1 : 1 }
        #expect(CursesText.pieces(for: "\u{10FFFD}", columns: 1, width: width) == [.init(scalars: [0xFFFD], columns: 1)])
    }
}
