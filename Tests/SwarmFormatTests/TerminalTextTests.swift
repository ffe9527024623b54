import Testing

@testable import SwarmFormat

// MARK: Sanitising

@Test func sgrColourSequencesAreRemoved() {
    #expect(sanitizedForTerminal("\u{1B}[31mred\u{1B}[0m") == "red")
}

@Test func cursorMovementAndPrivateModeSequencesAreRemoved() {
    #expect(sanitizedForTerminal("a\u{1B}[2J\u{1B}[10;20H\u{1B}[?1049hb") == "ab")
}

@Test func oscTitleEndedByBelIsRemoved() {
    #expect(sanitizedForTerminal("\u{1B}]0;pwned\u{07}host") == "host")
}

@Test func oscHyperlinkEndedByStringTerminatorIsRemoved() {
    #expect(sanitizedForTerminal("\u{1B}]8;;http://evil\u{1B}\\click\u{1B}]8;;\u{1B}\\") == "click")
}

@Test func unterminatedOscSwallowsTheRest() {
    #expect(sanitizedForTerminal("ok\u{1B}]2;title that never ends") == "ok")
}

@Test func dcsStringIsRemoved() {
    #expect(sanitizedForTerminal("a\u{1B}Pq#0;2;0;0;0\u{1B}\\b") == "ab")
}

@Test func charsetAndTwoCharacterEscapesAreRemoved() {
    #expect(sanitizedForTerminal("a\u{1B}(0b\u{1B}7c\u{1B}cd") == "abcd")
}

@Test func bareEscapeIsRemoved() {
    #expect(sanitizedForTerminal("end\u{1B}") == "end")
    #expect(sanitizedForTerminal("\u{1B}\u{1B}é") == "é")
}

@Test func c1ControlSequenceIntroducerIsRemovedWithItsSequence() {
    #expect(sanitizedForTerminal("a\u{9B}2Jb\u{9D}0;t\u{9C}c") == "abc")
}

@Test func tabAndNewlinesBecomeOneSpaceEach() {
    #expect(sanitizedForTerminal("a\tb\nc\r\nd\re\u{85}f\u{2028}g") == "a b c d e f g")
}

@Test func otherControlCharactersBecomeReplacementCharacters() {
    #expect(sanitizedForTerminal("a\u{0}b\u{7}c\u{8}d\u{7F}e\u{90}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e")
    #expect(sanitizedForTerminal("x\u{80}y\u{9A}z") == "x\u{FFFD}y\u{FFFD}z")
}

@Test func bidiOverridesBecomeReplacementCharacters() {
    #expect(sanitizedForTerminal("abc\u{202E}fed\u{2066}") == "abc\u{FFFD}fed\u{FFFD}")
}

@Test func printableUnicodeIsKept() {
    let s = "ノード-1 café 🐳 e\u{301} ⚠️ 👨‍👩‍👧"
    #expect(sanitizedForTerminal(s) == s)
}

@Test func sanitisingTwiceChangesNothing() {
    let once = sanitizedForTerminal("\u{1B}[31mx\u{0}\ty\u{9B}\u{1B}")
    #expect(sanitizedForTerminal(once) == once)
}

// MARK: Width

@Test func asciiIsOneColumnPerCharacter() {
    #expect(displayWidth("manager-1") == 9)
}

@Test func cjkHangulAndKanaAreTwoColumns() {
    #expect(displayWidth("漢字") == 4)
    #expect(displayWidth("한국어") == 6)
    #expect(displayWidth("ノード") == 6)
}

@Test func fullwidthFormsAreTwoColumns() {
    #expect(displayWidth("ＡＢ１") == 6)
    #expect(displayWidth("：") == 2)
}

@Test func emojiArePresentedTwoColumnsWide() {
    #expect(displayWidth(of: "🐳") == 2)
    #expect(displayWidth(of: "🇫🇷") == 2)
    #expect(displayWidth(of: "👍🏽") == 2)
    #expect(displayWidth(of: "👨‍👩‍👧") == 2)
}

@Test func variationSelectorSixteenWidensATextDefaultEmoji() {
    #expect(displayWidth(of: "❤") == 1)
    #expect(displayWidth(of: "❤️") == 2)
}

@Test func combiningMarksAddNoWidth() {
    #expect(displayWidth("cafe\u{301}") == 4)
    #expect(displayWidth(of: "\u{301}") == 0)
    #expect(displayWidth("a\u{20DD}") == 1)
}

@Test func zeroWidthCharactersAddNoWidth() {
    #expect(displayWidth("a\u{200B}b\u{2060}c") == 3)
}

@Test func hangulJamoSyllableIsTwoColumns() {
    #expect(displayWidth("\u{1100}\u{1161}\u{11A8}") == 2)
}

@Test func controlCharactersHaveNoWidth() {
    #expect(displayWidth("\u{7}\u{9B}") == 0)
}

// MARK: Truncating

@Test func textThatFitsIsUnchanged() {
    #expect(truncated("worker-1", toWidth: 8) == "worker-1")
}

@Test func longTextEndsInEllipsisAtTheWidth() {
    #expect(truncated("abcdefgh", toWidth: 5) == "abcd…")
}

@Test func wideCharactersAreCutWhole() {
    #expect(truncated("漢字漢字", toWidth: 5) == "漢字…")
    #expect(truncated("漢字漢字", toWidth: 4) == "漢…")
}

@Test func emojiAndCombiningMarksStayWithTheirCharacter() {
    #expect(truncated("e\u{301}e\u{301}e\u{301}", toWidth: 2) == "e\u{301}…")
    #expect(truncated("🐳🐳🐳", toWidth: 4) == "🐳…")
}

@Test func customEllipsisIsMeasuredToo() {
    #expect(truncated("abcdefgh", toWidth: 6, ellipsis: "...") == "abc...")
}

@Test func widthNarrowerThanEllipsisCutsWithoutIt() {
    #expect(truncated("abcdefgh", toWidth: 2, ellipsis: "...") == "ab")
}

@Test func zeroWidthGivesEmptyText() {
    #expect(truncated("abc", toWidth: 0) == "")
}
