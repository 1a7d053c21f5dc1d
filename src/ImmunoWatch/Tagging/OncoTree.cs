namespace ImmunoWatch.Tagging;

/// <summary>One OncoTree node (OncoTree, Memorial Sloan Kettering Cancer Center, CC BY 4.0).</summary>
public sealed record OncoTreeNode(string Code, string Name, string MainType, string Parent, int Level)
{
    /// <summary>The level-1 tissue code this node rolls up to (LUNG, SKIN, KIDNEY ...).</summary>
    public string Site { get; internal set; } = "";
}

/// <summary>The OncoTree release shipped in Tagging/Data, indexed by code.</summary>
public sealed class OncoTree
{
    public const string Release = "oncotree_2025_10_03";

    private readonly Dictionary<string, OncoTreeNode> _nodes;

    private OncoTree(Dictionary<string, OncoTreeNode> nodes) => _nodes = nodes;

    public static OncoTree Shipped { get; } = Load();

    public IReadOnlyCollection<OncoTreeNode> Nodes => _nodes.Values;

    public OncoTreeNode? Find(string code) => _nodes.GetValueOrDefault(code);

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="code"/> or above it in the tree.</summary>
    public bool IsAncestorOrSelf(string ancestor, string code)
    {
        for (var node = Find(code); node is not null; node = Find(node.Parent))
        {
            if (node.Code == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private static OncoTree Load()
    {
        var nodes = new Dictionary<string, OncoTreeNode>(StringComparer.Ordinal);
        foreach (var row in TaggingData.Rows(Release + ".tsv").Skip(1))
        {
            var level = int.Parse(row[5], System.Globalization.CultureInfo.InvariantCulture);
            if (level == 0)
            {
                continue; // the root, TISSUE
            }

            nodes[row[0]] = new OncoTreeNode(row[0], row[1], row[2], row[4], level);
        }

        foreach (var node in nodes.Values)
        {
            var current = node;
            while (current.Level > 1 && nodes.TryGetValue(current.Parent, out var parent))
            {
                current = parent;
            }

            node.Site = current.Code;
        }

        return new OncoTree(nodes);
    }
}
