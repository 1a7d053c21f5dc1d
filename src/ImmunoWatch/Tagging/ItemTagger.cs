using System.Text.RegularExpressions;

namespace ImmunoWatch.Tagging;

/// <summary>Tags an item (title and plain-text summary): cancer types, immunotherapy and its modalities, trial facts.</summary>
public sealed partial class ItemTagger(CancerTypeTagger cancers, ModalityTagger modalities)
{
    public static ItemTagger Shipped { get; } = new(CancerTypeTagger.Shipped, ModalityTagger.Shipped);

    [ThreadStatic]
    private static TextSegment[]? _segments;

    public ItemTags Tag(string? title, string? text) => Tag(title, text, knownNctId: null);

    /// <summary>Tags a feed item, which has only its text (and perhaps an NCT id in its link or GUID).</summary>
    public ItemTags Tag(string? title, string? text, string? knownNctId) => Tag(title, text, knownNctId, TagEvidence.None);

    /// <param name="title">The item title.</param>
    /// <param name="text">The plain-text summary.</param>
    /// <param name="knownNctId">An NCT id the item carries outside its text (link, GUID): it makes the item a trial.</param>
    /// <param name="evidence">A registry's or an index's conditions, MeSH terms and interventions, when the source gives them.</param>
    public ItemTags Tag(string? title, string? text, string? knownNctId, TagEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var segments = _segments ??= [new TextSegment(), new TextSegment()];
        segments[0].Load(title);
        segments[1].Load(text);
        var (mentionsNct, mentionsPhase, mentionsStatus) = Cues(segments);
        var nct = mentionsNct ? NctIds(title, text) : [];
        if (knownNctId is not null && !nct.Contains(knownNctId))
        {
            nct = [.. nct, knownNctId];
        }

        var (types, generic) = evidence.HasCancerEvidence
            ? CancerTypesFromEvidence(segments, evidence, isTrial: nct.Count > 0)
            : cancers.Tag(segments, isTrial: nct.Count > 0);
        var (found, immunotherapy) = modalities.Tag(types.Count > 0 || generic,
            evidence.Interventions.Count == 0 ? segments : [.. segments, .. Segments(evidence.Interventions)]);
        return new ItemTags
        {
            Immunotherapy = immunotherapy,
            CancerTypes = types,
            Sites = types.Count switch
            {
                0 => [],
                1 => [types[0].Site],
                _ => types.Select(t => t.Site).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            },
            GenericCancer = generic,
            Modalities = found,
            NctIds = nct,
            Phases = mentionsPhase ? TrialPhase.Find($"{title}\n{text}") : [],
            Status = mentionsStatus ? TrialStatus.FindInText($"{title}\n{text}") : null,
            IsTrial = nct.Count > 0,
        };
    }

    /// <summary>
    /// Cancer types when a registry or an index names the conditions: each condition and MeSH term is
    /// tagged as a phrase of its own (in reading order), and the title and summary add to them.
    /// </summary>
    private (IReadOnlyList<CancerType> Types, bool Generic) CancerTypesFromEvidence(TextSegment[] text, TagEvidence evidence, bool isTrial)
    {
        var phrases = evidence.Conditions.Concat(evidence.Mesh).Select(TagEvidence.InReadingOrder).Select(AbbreviationAsWritten).Distinct(StringComparer.OrdinalIgnoreCase);
        return cancers.Tag([.. Segments(phrases), .. text], isTrial);
    }

    /// <summary>
    /// A condition that is one short word is an abbreviation however the sponsor cased it ("Nsclc", "Aml"):
    /// it is read in capitals, as the lexicon's case-sensitive abbreviations are written.
    /// </summary>
    private static string AbbreviationAsWritten(string condition)
    {
        var trimmed = condition.Trim();
        return trimmed.Length is >= 2 and <= 6 && trimmed.All(char.IsAsciiLetter) ? trimmed.ToUpperInvariant() : condition;
    }

    private static IEnumerable<TextSegment> Segments(IEnumerable<string> phrases) => phrases.Select(p => new TextSegment().Load(p));

    /// <summary>Which trial facts a text can hold at all, from its tokens, so the regular expressions run only when they may match.</summary>
    private static (bool Nct, bool Phase, bool Status) Cues(TextSegment[] segments)
    {
        bool nct = false, phase = false, status = false;
        foreach (var segment in segments)
        {
            foreach (var token in segment.Tokens)
            {
                nct |= token.Length == 11 && segment.Text.AsSpan(token.Start, 3).Equals("nct", StringComparison.OrdinalIgnoreCase);
                phase |= token.WordId == TaggingModel.PhaseWord;
                status |= token.WordId >= 0 && Array.IndexOf(TaggingModel.StatusWords, token.WordId) >= 0;
            }
        }

        return (nct, phase, status);
    }

    /// <summary>The id itself when it is an NCT id ("nct01234567" -> "NCT01234567"), else null.</summary>
    public static string? AsNctId(string? id) => id is not null && WholeNct().IsMatch(id) ? id.ToUpperInvariant() : null;

    private static IReadOnlyList<string> NctIds(string? title, string? text) =>
        Nct().Matches($"{title}\n{text}").Select(m => m.Value.ToUpperInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"\bNCT\d{8}\b", RegexOptions.IgnoreCase)]
    private static partial Regex Nct();

    [GeneratedRegex(@"^NCT\d{8}$", RegexOptions.IgnoreCase)]
    private static partial Regex WholeNct();
}
