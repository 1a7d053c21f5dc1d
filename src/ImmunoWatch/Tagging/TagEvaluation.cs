namespace ImmunoWatch.Tagging;

/// <summary>One gold record: text, the structured evidence it carries (if any) and the expert's sites.</summary>
public sealed record GoldRecord(string Id, string Title, string Text, IReadOnlyList<string> GoldSites, bool GoldGenericCancer)
{
    /// <summary>Registry conditions and MeSH terms given with the record (<c>conditions</c>, <c>mesh</c>), none by default.</summary>
    public TagEvidence Evidence { get; init; } = TagEvidence.None;
}

/// <summary>Precision, recall and F1 of one set of decisions.</summary>
public readonly record struct Score(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static Score operator +(Score a, Score b) => new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives);
}

/// <summary>One record the tagger got wrong, for tuning.</summary>
public sealed record TagMiss(GoldRecord Record, IReadOnlyList<string> Predicted);

/// <summary>The tagger scored against gold sites: micro and per site, on all records and on those with a summary.</summary>
public sealed record TagEvaluationResult(
    int Records,
    Score Micro,
    Score MicroWithSummary,
    Score MicroTitleOnly,
    Score MicroWithEvidence,
    int RecordsWithEvidence,
    IReadOnlyDictionary<string, Score> PerSite,
    int NoCancerRecords,
    int NoCancerRecordsWithSites,
    IReadOnlyList<TagMiss> Misses)
{
    /// <summary>Share of records with no cancer label (no site, not generic) that got any site.</summary>
    public double FalsePositiveRate => NoCancerRecords == 0 ? 0 : (double)NoCancerRecordsWithSites / NoCancerRecords;
}

public static class TagEvaluation
{

    public static TagEvaluationResult Run(ItemTagger tagger, IEnumerable<GoldRecord> records)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        ArgumentNullException.ThrowIfNull(records);
        var micro = new Score();
        var withSummary = new Score();
        var titleOnly = new Score();
        var withEvidence = new Score();
        var evidenceRecords = 0;
        var perSite = new SortedDictionary<string, Score>(StringComparer.Ordinal);
        var misses = new List<TagMiss>();
        int count = 0, noCancer = 0, noCancerWithSites = 0;
        foreach (var record in records)
        {
            count++;
            // A trial record is known to be a trial, as a feed item from a registry is (its link or GUID carries the NCT id).
            var predicted = tagger.Tag(record.Title, record.Text, ItemTagger.AsNctId(record.Id), record.Evidence).Sites;
            var gold = record.GoldSites.ToHashSet(StringComparer.Ordinal);
            var score = new Score();
            foreach (var site in gold.Union(predicted))
            {
                var hit = new Score(
                    gold.Contains(site) && predicted.Contains(site) ? 1 : 0,
                    !gold.Contains(site) && predicted.Contains(site) ? 1 : 0,
                    gold.Contains(site) && !predicted.Contains(site) ? 1 : 0);
                perSite[site] = perSite.GetValueOrDefault(site) + hit;
                score += hit;
            }

            micro += score;
            if (!string.IsNullOrWhiteSpace(record.Text))
            {
                withSummary += score;
            }
            else
            {
                titleOnly += score;
            }

            if (record.Evidence.HasCancerEvidence)
            {
                withEvidence += score;
                evidenceRecords++;
            }

            if (gold.Count == 0 && !record.GoldGenericCancer)
            {
                noCancer++;
                noCancerWithSites += predicted.Count > 0 ? 1 : 0;
            }

            if (score.FalsePositives + score.FalseNegatives > 0)
            {
                misses.Add(new TagMiss(record, predicted));
            }
        }

        return new TagEvaluationResult(count, micro, withSummary, titleOnly, withEvidence, evidenceRecords, perSite, noCancer, noCancerWithSites, misses);
    }
}
