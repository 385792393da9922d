/// A report that cannot be read, merged or written (a readable sentence).
package struct ReportError: Error, CustomStringConvertible, Equatable {
    package let description: String
    package init(_ description: String) { self.description = description }
}
