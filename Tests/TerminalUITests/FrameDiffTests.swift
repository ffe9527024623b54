import Dashboard
import Testing
@testable import TerminalUI
import TestSupport

@Suite struct FrameDiffTests {
    @Test func firstFrameWritesEveryCell() {
        let canvas = Canvas(width: 6, height: 3)
        let runs = FrameDiff.runs(from: nil, to: canvas, width: 6, height: 3)
        #expect(FrameDiff.cellCount(runs) == 18)
        #expect(runs.count == 3)
    }

    @Test func sameFrameAgainWritesNothing() {
        var canvas = Canvas(width: 10, height: 2)
        canvas.put("hello 中文", x: 0, y: 0, role: .ok)
        #expect(FrameDiff.runs(from: canvas, to: canvas, width: 10, height: 2).isEmpty)
    }

    @Test func oneChangedCellWritesOnlyThatCell() {
        var old = Canvas(width: 10, height: 3)
        old.put("abcdef", x: 0, y: 1, role: .normal)
        var new = old
        new.put("X", x: 3, y: 1, role: .normal)
        let runs = FrameDiff.runs(from: old, to: new, width: 10, height: 3)
        #expect(runs == [FrameRun(x: 3, y: 1, columns: [.glyph("X", role: .normal, wide: false)])])
    }

    @Test func changedRoleAloneIsWritten() {
        var old = Canvas(width: 5, height: 1)
        old.put("ab", x: 0, y: 0, role: .normal)
        var new = old
        new.restyle(x: 1, y: 0, width: 1, role: .selection)
        let runs = FrameDiff.runs(from: old, to: new, width: 5, height: 1)
        #expect(runs == [FrameRun(x: 1, y: 0, columns: [.glyph("b", role: .selection, wide: false)])])
    }

    @Test func adjacentChangesMergeIntoOneRun() {
        let old = Canvas(width: 8, height: 1)
        var new = old
        new.put("abc", x: 2, y: 0, role: .normal)
        let runs = FrameDiff.runs(from: old, to: new, width: 8, height: 1)
        #expect(runs.count == 1)
        #expect(runs.first?.x == 2)
        #expect(runs.first?.columns.count == 3)
    }

    @Test func wideCharacterIsWrittenWithItsRightHalf() {
        let old = Canvas(width: 6, height: 1)
        var new = old
        new.put("中", x: 2, y: 0, role: .ok)
        let runs = FrameDiff.runs(from: old, to: new, width: 6, height: 1)
        #expect(runs == [FrameRun(x: 2, y: 0, columns: [.glyph("中", role: .ok, wide: true), .covered])])
    }

    @Test func restyledWideCharacterIsWrittenWithBothColumns() {
        var old = Canvas(width: 6, height: 1)
        old.put("中", x: 2, y: 0, role: .ok)
        var new = old
        new.restyle(x: 2, y: 0, width: 1, role: .error)
        let runs = FrameDiff.runs(from: old, to: new, width: 6, height: 1)
        #expect(runs == [FrameRun(x: 2, y: 0, columns: [.glyph("中", role: .error, wide: true), .covered])])
    }

    @Test func roleOfAContinuationCellAloneChangesNothingOnScreen() {
        var old = Canvas(width: 6, height: 1)
        old.put("中", x: 2, y: 0, role: .ok)
        var new = old
        new.restyle(x: 3, y: 0, width: 1, role: .error)  // the wide character is drawn in its own role
        #expect(FrameDiff.runs(from: old, to: new, width: 6, height: 1).isEmpty)
    }

    @Test func narrowCharactersReplacingAWideOneWriteBothColumns() {
        var old = Canvas(width: 6, height: 1)
        old.put("中", x: 2, y: 0, role: .normal)
        var new = Canvas(width: 6, height: 1)
        new.put("ab", x: 2, y: 0, role: .normal)
        let runs = FrameDiff.runs(from: old, to: new, width: 6, height: 1)
        #expect(runs == [FrameRun(x: 2, y: 0, columns: [.glyph("a", role: .normal, wide: false), .glyph("b", role: .normal, wide: false)])])
    }

    @Test func wideCharacterCutByTheRightEdgeBecomesABlank() {
        var canvas = Canvas(width: 6, height: 1)
        canvas.put("ab中", x: 2, y: 0, role: .normal)  // 中 at columns 4–5
        let row = FrameDiff.screenRow(of: canvas, y: 0, width: 5)  // terminal one column narrower
        #expect(row.count == 5)
        #expect(row[4] == .blank(.normal))
    }

    @Test func continuationWithoutItsWideCharacterBecomesABlank() {
        var canvas = Canvas(width: 4, height: 1)
        canvas.put("中", x: 0, y: 0, role: .normal)
        canvas.put("x", x: 0, y: 0, role: .normal)  // overwrites the left half only
        let row = FrameDiff.screenRow(of: canvas, y: 0, width: 4)
        #expect(row[0] == .glyph("x", role: .normal, wide: false))
        #expect(row[1] == .blank(.normal))
    }

    @Test func smallerCanvasIsPaddedWithBlanks() {
        var canvas = Canvas(width: 2, height: 1)
        canvas.put("ab", x: 0, y: 0, role: .ok)
        let runs = FrameDiff.runs(from: nil, to: canvas, width: 4, height: 2)
        #expect(FrameDiff.cellCount(runs) == 8)
        #expect(runs[0].columns == [
            .glyph("a", role: .ok, wide: false), .glyph("b", role: .ok, wide: false), .blank(.normal), .blank(.normal),
        ])
    }

    @Test func canvasChangingSizeOnTheSameTerminalWritesOnlyWhatLooksDifferent() {
        var old = Canvas(width: 6, height: 2)
        old.put("abc", x: 0, y: 0, role: .normal)
        var new = Canvas(width: 4, height: 2)  // narrower: columns 4–5 are padding now
        new.put("abc", x: 0, y: 0, role: .normal)
        #expect(FrameDiff.runs(from: old, to: new, width: 6, height: 2).isEmpty)
        old.put("zz", x: 4, y: 1, role: .normal)
        #expect(FrameDiff.runs(from: old, to: new, width: 6, height: 2) == [
            FrameRun(x: 4, y: 1, columns: [.blank(.normal), .blank(.normal)]),
        ])
    }

    @Test func emptyTerminalWritesNothing() {
        #expect(FrameDiff.runs(from: nil, to: Canvas(width: 3, height: 3), width: 0, height: 0).isEmpty)
    }

    /// Applying the diffs of a long, random sequence of frames (wide characters, roles, sizes)
    /// to a screen always gives what drawing the last frame on a fresh screen gives.
    @Test func screenBuiltFromDiffsMatchesAFullRedraw() {
        var random = SplitMix(seed: 42)
        let pieces = ["a", "bc", "中", "文字", "✓", "é", "🙂", "x中y", "   "]
        let roles: [StyleRole] = [.normal, .ok, .error, .selection]
        let incremental = MemoryTerminal(width: 12, height: 4)
        for _ in 0..<500 {
            let width = 10 + Int(random.next() % 4), height = 3 + Int(random.next() % 2)
            var canvas = incremental.lastFrame.flatMap { $0.width == width && $0.height == height ? $0 : nil }
                ?? Canvas(width: width, height: height)
            for _ in 0..<Int(random.next() % 4) {
                let text = pieces[Int(random.next() % UInt64(pieces.count))]
                let role = roles[Int(random.next() % UInt64(roles.count))]
                canvas.put(text, x: Int(random.next() % 13) - 1, y: Int(random.next() % 4), role: role)
            }
            incremental.draw(canvas)
            let fresh = MemoryTerminal(width: 12, height: 4)
            fresh.draw(canvas)
            #expect(incremental.screenText() == fresh.screenText())
            for y in 0..<4 {
                for x in 0..<12 { #expect(incremental.screenRole(x: x, y: y) == fresh.screenRole(x: x, y: y)) }
            }
        }
    }
}
