namespace ImmunoWatch.Storage;

/// <summary>
/// How one batch of items maps onto studies, worked out in memory from the identifiers already
/// stored: items that share an identifier, directly or through other items of the batch, are one
/// study; a group that touches several stored studies merges them into the oldest (lowest id); a
/// group that touches none needs a new study.
/// </summary>
internal sealed class StudyPlan
{
    private StudyPlan(long?[] itemStudies, int[] itemNewStudy, int newStudies, IReadOnlyList<(long From, long Into)> merges, IReadOnlyList<(string Kind, string Value, long? Study, int NewStudy)> identifiers)
    {
        _itemStudies = itemStudies;
        _itemNewStudy = itemNewStudy;
        NewStudies = newStudies;
        Merges = merges;
        _identifiers = identifiers;
    }

    private readonly long?[] _itemStudies;
    private readonly int[] _itemNewStudy;
    private readonly IReadOnlyList<(string Kind, string Value, long? Study, int NewStudy)> _identifiers;

    /// <summary>How many studies must be created.</summary>
    public int NewStudies { get; }

    /// <summary>Stored studies to fold into another, each straight into its group's survivor.</summary>
    public IReadOnlyList<(long From, long Into)> Merges { get; }

    /// <summary>True when the plan adds identifiers (and maybe studies) or merges studies; false when every item only joins a stored study.</summary>
    public bool ChangesStudies => Merges.Count > 0 || _identifiers.Count > 0;

    /// <param name="items">Each item's identifiers.</param>
    /// <param name="stored">The study each already-stored identifier belongs to.</param>
    public static StudyPlan Make(IReadOnlyList<IReadOnlyList<(string Kind, string Value)>> items, IReadOnlyDictionary<(string Kind, string Value), long> stored)
    {
        // Union-find over items and identifiers: node i < items.Count is an item, the rest identifiers.
        var nodes = new Dictionary<(string, string), int>();
        var parent = new List<int>(Enumerable.Range(0, items.Count));
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        void Union(int x, int y)
        {
            var (a, b) = (Find(x), Find(y));
            if (a != b)
            {
                parent[Math.Max(a, b)] = Math.Min(a, b);
            }
        }

        // Stored studies are nodes too: two identifiers of one stored study join their groups even
        // when no single item of the batch names both.
        var studyNodes = new Dictionary<long, int>();
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var identifier in items[i])
            {
                if (!nodes.TryGetValue(identifier, out var node))
                {
                    node = parent.Count;
                    parent.Add(node);
                    nodes.Add(identifier, node);
                    if (stored.TryGetValue(identifier, out var study))
                    {
                        if (!studyNodes.TryGetValue(study, out var studyNode))
                        {
                            studyNode = parent.Count;
                            parent.Add(studyNode);
                            studyNodes.Add(study, studyNode);
                        }

                        Union(node, studyNode);
                    }
                }

                Union(i, node);
            }
        }

        // The stored studies each group touches; its survivor is the lowest.
        var groupStudies = new Dictionary<int, SortedSet<long>>();
        foreach (var (identifier, node) in nodes)
        {
            var group = Find(node);
            if (!groupStudies.TryGetValue(group, out var studies))
            {
                groupStudies[group] = studies = [];
            }

            if (stored.TryGetValue(identifier, out var study))
            {
                studies.Add(study);
            }
        }

        var merges = new List<(long From, long Into)>();
        var newIndex = new Dictionary<int, int>();
        foreach (var (group, studies) in groupStudies.OrderBy(g => g.Key))
        {
            if (studies.Count == 0)
            {
                newIndex[group] = newIndex.Count;
            }
            else
            {
                merges.AddRange(studies.Skip(1).Select(s => (s, studies.Min)));
            }
        }

        var itemStudies = new long?[items.Count];
        var itemNew = new int[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            itemNew[i] = -1;
            if (items[i].Count == 0)
            {
                continue;
            }

            var group = Find(i);
            if (groupStudies[group] is { Count: > 0 } studies)
            {
                itemStudies[i] = studies.Min;
            }
            else
            {
                itemNew[i] = newIndex[group];
            }
        }

        // Identifiers not yet stored are added to their group's study (those of merged studies move with the merge).
        var identifiers = nodes
            .Where(n => !stored.ContainsKey(n.Key))
            .OrderBy(n => n.Key.Item1, StringComparer.Ordinal).ThenBy(n => n.Key.Item2, StringComparer.Ordinal)
            .Select(n =>
            {
                var group = Find(n.Value);
                var studies = groupStudies[group];
                return studies.Count > 0 ? (n.Key.Item1, n.Key.Item2, (long?)studies.Min, -1) : (n.Key.Item1, n.Key.Item2, null, newIndex[group]);
            })
            .ToList();
        return new StudyPlan(itemStudies, itemNew, newIndex.Count, merges, identifiers);
    }

    /// <summary>Each item's study, given the ids of the studies just created (in plan order); null for an item with no identifier.</summary>
    public long?[] ItemStudies(IReadOnlyList<long> created) =>
        _itemStudies.Select((study, i) => study ?? (_itemNewStudy[i] >= 0 ? created[_itemNewStudy[i]] : null)).ToArray();

    /// <summary>The identifiers to insert, each with its study.</summary>
    public IReadOnlyList<(string Kind, string Value, long Study)> NewIdentifiers(IReadOnlyList<long> created) =>
        _identifiers.Select(i => (i.Kind, i.Value, i.Study ?? created[i.NewStudy])).ToList();
}
