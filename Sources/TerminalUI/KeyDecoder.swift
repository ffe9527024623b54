import CNcurses
import Dashboard

/// What `wget_wch` returned: a character, or a key code (when it returned `KEY_CODE_YES`).
enum RawInput: Hashable, Sendable {
    /// A character (`wget_wch` returned `OK`): a Unicode scalar value, or a control code.
    case character(UInt32)
    /// A curses key code (`KEY_UP`, `KEY_F(1)`, `KEY_MOUSE`, `KEY_RESIZE`…).
    case keyCode(Int32)
}

/// What a raw input means.
enum DecodedInput: Hashable, Sendable {
    /// A key.
    case key(Key)
    /// `KEY_MOUSE`: read the event with `getmouse`, then `KeyDecoder.mouseEvent`.
    case mouse
    /// `KEY_RESIZE`: ncurses has resized its screen; read the new size.
    case resize
    /// Nothing the dashboard uses (an unknown key code, a control code with no meaning).
    case ignored
}

/// Turns what ncurses reads into `Key`s and `MouseEvent`s, without a terminal.
enum KeyDecoder {
    /// Decodes one `wget_wch` result.
    ///
    /// - Enter: `\r`, `\n`, `KEY_ENTER`. Backspace: DEL (127), `^H` (8), `KEY_BACKSPACE`.
    ///   Tab: `\t`; Shift-Tab: `KEY_BTAB`. Esc: 27 (ncurses waits `set_escdelay` for a sequence).
    /// - Ctrl with a letter: 1–26 → `.control("a")`…`.control("z")` (except those above).
    /// - Printable Unicode, including space → `.character`.
    /// - Arrows, Home/End (also the keypad's A1/C1 and Find/Select), PgUp/PgDn (also A3/C3),
    ///   Delete, F1–F63.
    static func decode(_ input: RawInput) -> DecodedInput {
        switch input {
        case let .character(value):
            return decodeCharacter(value)
        case let .keyCode(code):
            return decodeKeyCode(code)
        }
    }

    private static func decodeCharacter(_ value: UInt32) -> DecodedInput {
        switch value {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        case 27: return .key(.escape)
        case 1...26:
            guard let scalar = Unicode.Scalar(value + 0x60) else { return .ignored }
            return .key(.control(Character(scalar)))
        case 0...31, 0x80...0x9F:
            return .ignored
        default:
            guard let scalar = Unicode.Scalar(value) else { return .ignored }
            return .key(.character(Character(scalar)))
        }
    }

    private static func decodeKeyCode(_ code: Int32) -> DecodedInput {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME, KEY_A1, KEY_FIND: return .key(.home)
        case KEY_END, KEY_C1, KEY_SELECT: return .key(.end)
        case KEY_PPAGE, KEY_A3: return .key(.pageUp)
        case KEY_NPAGE, KEY_C3: return .key(.pageDown)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_MOUSE: return .mouse
        case KEY_RESIZE: return .resize
        default:
            let f1 = cncurses_key_f(1), f63 = cncurses_key_f(63)
            if code >= f1, code <= f63 { return .key(.function(Int(code - f1) + 1)) }
            return .ignored
        }
    }

    /// The mouse event `getmouse` reported: a button-1 press, or the wheel (buttons 4 and 5
    /// pressed); nil for anything else (releases, other buttons).
    /// - Parameters:
    ///   - x: The column.
    ///   - y: The row.
    ///   - buttons: The event's `bstate`.
    static func mouseEvent(x: Int32, y: Int32, buttons: mmask_t) -> MouseEvent? {
        let kind: MouseEvent.Kind
        if buttons & cncurses_button4_pressed() != 0 {
            kind = .wheelUp
        } else if buttons & cncurses_button5_pressed() != 0 {
            kind = .wheelDown
        } else if buttons & (cncurses_button1_pressed() | cncurses_button1_clicked()) != 0 {
            kind = .press
        } else {
            return nil
        }
        return MouseEvent(x: Int(x), y: Int(y), kind: kind)
    }
}
