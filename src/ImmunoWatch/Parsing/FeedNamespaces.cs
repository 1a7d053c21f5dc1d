using System.Xml.Linq;

namespace ImmunoWatch.Parsing;

/// <summary>XML namespaces feeds use, named once.</summary>
internal static class FeedNamespaces
{
    public static readonly XNamespace Atom10 = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Atom03 = "http://purl.org/atom/ns#";
    public static readonly XNamespace Rss10 = "http://purl.org/rss/1.0/";
    public static readonly XNamespace Rss090 = "http://my.netscape.com/rdf/simple/0.9/";
    public static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public static readonly XNamespace DublinCore = "http://purl.org/dc/elements/1.1/";
    public static readonly XNamespace DublinCoreTerms = "http://purl.org/dc/terms/";
    public static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    public static readonly XNamespace Media = "http://search.yahoo.com/mrss/";
    public static readonly XNamespace Prism = "http://prismstandard.org/namespaces/basic/2.0/";
    public static readonly XNamespace Prism1 = "http://prismstandard.org/namespaces/1.2/basic/";
    public static readonly XNamespace Xml = XNamespace.Xml;

    /// <summary>True for the namespaces whose plain elements (title, link, description) are the feed's own.</summary>
    public static bool IsCore(XNamespace ns) =>
        ns == XNamespace.None || ns == Atom10 || ns == Atom03 || ns == Rss10 || ns == Rss090
        || ns.NamespaceName.StartsWith("http://backend.userland.com/rss", StringComparison.Ordinal)
        || ns.NamespaceName.StartsWith("http://purl.org/net/rss", StringComparison.Ordinal);

    public static bool IsPrism(XNamespace ns) => ns.NamespaceName.StartsWith("http://prismstandard.org/namespaces/", StringComparison.Ordinal);
}
