import CNcurses
import Dashboard
import Testing
@testable import TerminalUI

@Suite struct KeyDecoderTests {
    static let table: [(RawInput, DecodedInput)] = [
        (.character(3), .key(.control("c"))),
        (.character(1), .key(.control("a"))),
        (.character(26), .key(.control("z"))),
        (.character(9), .key(.tab)),
        (.keyCode(KEY_BTAB), .key(.backTab)),
        (.character(13), .key(.enter)),
        (.character(10), .key(.enter)),
        (.keyCode(KEY_ENTER), .key(.enter)),
        (.character(27), .key(.escape)),
        (.character(127), .key(.backspace)),
        (.character(8), .key(.backspace)),
        (.keyCode(KEY_BACKSPACE), .key(.backspace)),
        (.keyCode(KEY_DC), .key(.delete)),
        (.keyCode(KEY_UP), .key(.up)),
        (.keyCode(KEY_DOWN), .key(.down)),
        (.keyCode(KEY_LEFT), .key(.left)),
        (.keyCode(KEY_RIGHT), .key(.right)),
        (.keyCode(KEY_HOME), .key(.home)),
        (.keyCode(KEY_END), .key(.end)),
        (.keyCode(KEY_PPAGE), .key(.pageUp)),
        (.keyCode(KEY_NPAGE), .key(.pageDown)),
        (.keyCode(cncurses_key_f(1)), .key(.function(1))),
        (.keyCode(cncurses_key_f(12)), .key(.function(12))),
        (.character(0x71), .key(.character("q"))),
        (.character(0x20), .key(.character(" "))),
        (.character(0xE9), .key(.character("é"))),
        (.character(0x4E2D), .key(.character("中"))),
        (.character(0x1F642), .key(.character("🙂"))),
        (.keyCode(KEY_MOUSE), .mouse),
        (.keyCode(KEY_RESIZE), .resize),
        (.character(0), .ignored),
        (.character(28), .ignored),
        (.character(0x9B), .ignored),
        (.character(0xD800), .ignored),
        (.keyCode(KEY_MAX), .ignored),
    ]

    @Test(arguments: table)
    func decodes(_ raw: RawInput, _ expected: DecodedInput) {
        #expect(KeyDecoder.decode(raw) == expected)
    }

    @Test func wheelUpIsButtonFour() {
        #expect(KeyDecoder.mouseEvent(x: 3, y: 7, buttons: cncurses_button4_pressed()) == MouseEvent(x: 3, y: 7, kind: .wheelUp))
    }

    @Test func wheelDownIsButtonFive() {
        #expect(KeyDecoder.mouseEvent(x: 0, y: 1, buttons: cncurses_button5_pressed()) == MouseEvent(x: 0, y: 1, kind: .wheelDown))
    }

    @Test func buttonOnePressIsAPress() {
        #expect(KeyDecoder.mouseEvent(x: 10, y: 4, buttons: cncurses_button1_pressed()) == MouseEvent(x: 10, y: 4, kind: .press))
    }

    @Test func releaseIsIgnored() {
        // ncurses' release bit is the one below the press bit (NCURSES_BUTTON_RELEASED = 1, PRESSED = 2).
        #expect(KeyDecoder.mouseEvent(x: 10, y: 4, buttons: cncurses_button1_pressed() >> 1) == nil)
        #expect(KeyDecoder.mouseEvent(x: 10, y: 4, buttons: 0) == nil)
    }
}
