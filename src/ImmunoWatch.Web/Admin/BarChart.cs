using System.Globalization;
using System.Net;
using System.Text;

namespace ImmunoWatch.Web.Admin;

/// <summary>A server-rendered horizontal bar chart in SVG (labels, bars, values; no script, no external library), with a title for screen readers.</summary>
public static class BarChart
{
    public static string Svg(IReadOnlyList<(string Label, int Value)> bars, string title, int width = 560)
    {
        ArgumentNullException.ThrowIfNull(bars);
        const int row = 22, labelWidth = 200, valueWidth = 60;
        var height = Math.Max(row, bars.Count * row);
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var room = width - labelWidth - valueWidth;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"Arial, sans-serif\" font-size=\"12\">");
        svg.Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var y = i * row;
            var length = value == 0 ? 0 : Math.Max(1, (int)Math.Round((double)value / max * room));
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\" fill=\"#222\">{WebUtility.HtmlEncode(label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{length}\" height=\"{row - 8}\" fill=\"#1f3b57\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + length + 6}\" y=\"{y + 15}\" fill=\"#222\">{value}</text>");
        }

        return svg.Append("</svg>").ToString();
    }
}
