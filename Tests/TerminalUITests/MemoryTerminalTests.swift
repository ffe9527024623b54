import Dashboard
import Testing
@testable import TerminalUI

@Suite struct MemoryTerminalTests {
    @Test func injectedEventsReachTheStream() async {
        let terminal = MemoryTerminal(width: 10, height: 3)
        terminal.inject(.key(.character("j")))
        terminal.inject(.mouse(MouseEvent(x: 2, y: 1, kind: .wheelDown)))
        terminal.inject(.terminate)
        terminal.finish()
        var received: [InputEvent] = []
        for await event in terminal.events { received.append(event) }
        #expect(received == [.key(.character("j")), .mouse(MouseEvent(x: 2, y: 1, kind: .wheelDown)), .terminate])
    }

    @Test func drawingTheSameFrameTwiceWritesNothingTheSecondTime() {
        let terminal = MemoryTerminal(width: 8, height: 2)
        var canvas = Canvas(width: 8, height: 2)
        canvas.put("ok 中", x: 0, y: 0, role: .ok)
        terminal.draw(canvas)
        #expect(terminal.cellsWritten == 16)
        terminal.draw(canvas)
        #expect(terminal.cellsWritten == 16)
        #expect(terminal.framesDrawn == 2)
    }

    @Test func changingOneWordWritesOnlyItsCells() {
        let terminal = MemoryTerminal(width: 20, height: 2)
        var canvas = Canvas(width: 20, height: 2)
        canvas.put("state: running", x: 0, y: 0, role: .normal)
        terminal.draw(canvas)
        canvas.put("failed ", x: 7, y: 0, role: .error)
        terminal.draw(canvas)
        #expect(terminal.cellsWritten == 40 + 7)
        #expect(terminal.screenText() == "state: failed       \n" + String(repeating: " ", count: 20))
        #expect(terminal.screenRole(x: 7, y: 0) == .error)
    }

    @Test func resizeChangesTheSizeDeliversResizeAndRedrawsEverything() async {
        let terminal = MemoryTerminal(width: 4, height: 2)
        let canvas = Canvas(width: 4, height: 2)
        terminal.draw(canvas)
        terminal.resize(width: 6, height: 3)
        #expect(terminal.size == (6, 3))
        terminal.draw(canvas)
        #expect(terminal.cellsWritten == 8 + 18)
        terminal.finish()
        var received: [InputEvent] = []
        for await event in terminal.events { received.append(event) }
        #expect(received == [.resize(width: 6, height: 3)])
    }

    @Test func canvasLargerThanTheTerminalIsClippedSmallerIsPadded() {
        let terminal = MemoryTerminal(width: 5, height: 2)
        var large = Canvas(width: 9, height: 4)
        large.put("abcd中xyz", x: 0, y: 0, role: .normal)  // 中 straddles the right edge
        terminal.draw(large)
        #expect(terminal.screenText() == "abcd \n     ")
        var small = Canvas(width: 2, height: 1)
        small.put("hi", x: 0, y: 0, role: .normal)
        terminal.draw(small)
        #expect(terminal.screenText() == "hi   \n     ")
        #expect(terminal.lastFrame == small)
    }

    @Test func shutdownFinishesEventsAndIgnoresLaterFrames() async {
        let terminal = MemoryTerminal(width: 3, height: 1)
        terminal.shutdown()
        terminal.shutdown()
        terminal.draw(Canvas(width: 3, height: 1))
        #expect(terminal.framesDrawn == 0)
        var count = 0
        for await _ in terminal.events { count += 1 }
        #expect(count == 0)
    }

    @Test func drawsFromManyTasksAtOnceAreAllCounted() async {
        let terminal = MemoryTerminal(width: 10, height: 2)
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<50 {
                group.addTask {
                    var canvas = Canvas(width: 10, height: 2)
                    canvas.put("\(i)", x: 0, y: 0, role: .normal)
                    terminal.draw(canvas)
                    terminal.inject(.key(.character("x")))
                }
            }
        }
        #expect(terminal.framesDrawn == 50)
    }
}
