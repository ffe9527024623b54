import Testing

@testable import SwarmFormat

@Test func columnsAreAtLeastTenWide() {
    #expect(TableLayout.docker.render([["a", "b", "c"]]) == "a         b         c\n")
}

@Test func columnsAreThreeWiderThanTheirWidestCell() {
    #expect(TableLayout.docker.render([["ID", "x"], ["abcdefghijkl", "y"]]) == lines(
        "ID             x",
        "abcdefghijkl   y"))
}

@Test func lastCellIsNotPadded() {
    #expect(TableLayout.docker.render([["a", "long last cell"], ["b", "c"]]) == lines(
        "a         long last cell",
        "b         c"))
}

@Test func emptyLastCellLeavesThePaddingBeforeIt() {
    #expect(TableLayout.docker.render([["a", "PORTS"], ["b", ""]]) == lines(
        "a         PORTS",
        "b         "))
}

@Test func wideCharactersArePaddedByDisplayWidth() {
    #expect(TableLayout.docker.render([["漢字漢字漢字", "x"], ["abc", "y"]]) == lines(
        "漢字漢字漢字   x",
        "abc            y"))
}

@Test func cellsAreSanitised() {
    #expect(TableLayout.docker.render([["\u{1B}[31mred\u{1B}[0m", "a\tb"]]) == "red       a b\n")
}

@Test func raggedRowsAlignOnlyAcrossConsecutiveRowsSharingAColumn() {
    // As in tabwriter: the second column of the first two rows is one block; the third row has
    // no cell after its first, so the fourth row starts a new block.
    #expect(TableLayout(minWidth: 0, padding: 1).render([["a", "bbbb", "c"], ["aa", "b", "c"], ["x"], ["aaaaa", "d"]]) == lines(
        "a  bbbb c",
        "aa b    c",
        "x",
        "aaaaa d"))
}

@Test func noRowsGiveNoText() {
    #expect(TableLayout.docker.render([]) == "")
}
