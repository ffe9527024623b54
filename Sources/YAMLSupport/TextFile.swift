import Foundation

/// Reading a text file (scenario, stack, theme, config) with the reason it cannot be read in
/// the words the readers print after the file's name.
package enum TextFile {
    /// The file's text, or why there is none (`no such file`, `is a directory, not WHAT`, …).
    /// - Parameter what: What the file should be, e.g. `a scenario file`.
    package static func read(path: String, what: String) -> Result<String, Problem> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .failure(Problem("no such file")) }
        if isDirectory.boolValue { return .failure(Problem("is a directory, not \(what)")) }
        guard FileManager.default.isReadableFile(atPath: path) else { return .failure(Problem("cannot be read (permission denied)")) }
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(Problem("cannot be read")) }
        if data.contains(0) { return .failure(Problem("is not a text file (it holds NUL bytes)")) }
        guard let text = String(validating: data, as: UTF8.self) else {
            return .failure(Problem("is not a text file (it holds bytes that are not UTF-8)"))
        }
        return .success(text)
    }

    /// Why a file cannot be read, as a sentence without the file's name.
    package struct Problem: Error {
        package var message: String
        init(_ message: String) { self.message = message }
    }
}
