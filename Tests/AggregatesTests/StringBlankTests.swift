import Testing

@testable import Aggregates

/// "Empty" in the domains' rules: nothing but whitespace, in any script.
@Suite struct StringBlankTests {
    @Test(arguments: ["", " ", "\t\n", "\u{00A0}", "\u{3000} \u{2003}", "\r\n"])
    func whitespaceOnlyIsBlank(text: String) {
        #expect(text.isBlank)
    }

    @Test(arguments: ["Ada", " Ada", "\tx", "~", "é", "\u{3000}李", "A\u{0301}", "😀"])
    func anythingElseIsNot(text: String) {
        #expect(!text.isBlank)
    }
}
