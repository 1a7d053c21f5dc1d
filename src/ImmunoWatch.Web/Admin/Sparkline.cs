using System.Globalization;
using System.Text;

namespace ImmunoWatch.Web.Admin;

/// <summary>A small server-rendered SVG bar chart (no script, no external library): one bar per value, with a text alternative.</summary>
public static class Sparkline
{
    /// <param name="values">One value per bar, oldest first.</param>
    /// <param name="label">What the chart shows, for screen readers (the SVG's title).</param>
    public static string Svg(IReadOnlyList<int> values, string label, int barWidth = 4, int height = 24)
    {
        ArgumentNullException.ThrowIfNull(values);
        var max = Math.Max(1, values.Count == 0 ? 1 : values.Max());
        var width = Math.Max(1, values.Count * barWidth);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        svg.Append("<title>").Append(System.Net.WebUtility.HtmlEncode(label)).Append("</title>");
        for (var i = 0; i < values.Count; i++)
        {
            var h = values[i] == 0 ? 0 : Math.Max(1, (int)Math.Round((double)values[i] / max * height));
            if (h > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{i * barWidth}\" y=\"{height - h}\" width=\"{barWidth - 1}\" height=\"{h}\" fill=\"#1f3b57\"/>");
            }
        }

        return svg.Append("</svg>").ToString();
    }
}
