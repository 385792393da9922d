/// A small SVG writer: the elements the tuner's plot uses, with every text escaped for XML and
/// coordinates rounded to two decimals.
struct SVG: Sendable {
    enum Marker: Sendable { case circle, triangle, square }

    private var body: [String] = []
    let width: Double
    let height: Double
    let font: String

    init(width: Double, height: Double, font: String) {
        self.width = width
        self.height = height
        self.font = font
    }

    /// The whole document.
    var document: String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.n(width))" height="\(Self.n(height))" viewBox="0 0 \(Self.n(width)) \(Self.n(height))" font-family="\(Self.escape(font))">
        \(body.joined(separator: "\n"))
        </svg>

        """
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil) {
        let outline = stroke.map { #" stroke="\#($0)" stroke-width="1""# } ?? ""
        body.append(#"<rect x="\#(Self.n(x))" y="\#(Self.n(y))" width="\#(Self.n(width))" height="\#(Self.n(height))" fill="\#(fill)"\#(outline)/>"#)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double, dash: String? = nil) {
        let dashes = dash.map { #" stroke-dasharray="\#($0)""# } ?? ""
        body.append(
            #"<line x1="\#(Self.n(x1))" y1="\#(Self.n(y1))" x2="\#(Self.n(x2))" y2="\#(Self.n(y2))" stroke="\#(stroke)" stroke-width="\#(Self.n(width))"\#(dashes)/>"#)
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double, dash: String? = nil) {
        guard points.count > 1 else { return }
        let dashes = dash.map { #" stroke-dasharray="\#($0)""# } ?? ""
        let list = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        body.append(
            #"<polyline points="\#(list)" fill="none" stroke="\#(stroke)" stroke-width="\#(Self.n(width))" stroke-linejoin="round"\#(dashes)/>"#)
    }

    /// A data point's marker, outlined in white so that it stands out where lines cross.
    mutating func marker(_ shape: Marker, x: Double, y: Double, fill: String) {
        let outline = #"fill="\#(fill)" stroke="white" stroke-width="1.5""#
        switch shape {
        case .circle:
            body.append(#"<circle cx="\#(Self.n(x))" cy="\#(Self.n(y))" r="5" \#(outline)/>"#)
        case .square:
            body.append(#"<rect x="\#(Self.n(x - 4.5))" y="\#(Self.n(y - 4.5))" width="9" height="9" \#(outline)/>"#)
        case .triangle:
            let points = [(x, y - 6.5), (x - 6, y + 4.5), (x + 6, y + 4.5)].map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
            body.append(#"<polygon points="\#(points)" \#(outline)/>"#)
        }
    }

    /// Text at `x`, `y` (its baseline); `rotate` turns it around that point; `halo` draws a white
    /// outline under the glyphs, so that the text stays readable over lines.
    mutating func text(
        _ content: String, x: Double, y: Double, size: Double, anchor: String, weight: String? = nil, fill: String = "black",
        rotate: Double? = nil, halo: Bool = false
    ) {
        var attributes = #"x="\#(Self.n(x))" y="\#(Self.n(y))" font-size="\#(Self.n(size))" text-anchor="\#(anchor)" fill="\#(fill)""#
        if let weight { attributes += #" font-weight="\#(weight)""# }
        if let rotate { attributes += #" transform="rotate(\#(Self.n(rotate)) \#(Self.n(x)) \#(Self.n(y)))""# }
        if halo { attributes += #" stroke="white" stroke-width="4" stroke-linejoin="round" paint-order="stroke""# }
        body.append("<text \(attributes)>\(Self.escape(content))</text>")
    }

    /// An estimate of a text's width in a sans-serif font (about 0.6 em per character).
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }

    /// `text` with XML's special characters escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A coordinate with at most two decimals: `12`, `12.5`, `12.25`.
    static func n(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }
}
