using System.Text.RegularExpressions;

namespace ImmunoWatch.Tagging;

/// <summary>Tags an item (title and plain-text summary): cancer types, immunotherapy and its modalities, trial facts.</summary>
public sealed partial class ItemTagger(CancerTypeTagger cancers, ModalityTagger modalities)
{
    public static ItemTagger Shipped { get; } = new(CancerTypeTagger.Shipped, ModalityTagger.Shipped);

    public ItemTags Tag(string? title, string? text)
    {
        var (types, generic) = cancers.Tag(title, text);
        var (found, immunotherapy) = modalities.Tag(types.Count > 0 || generic, title, text);
        var combined = $"{title}\n{text}";
        var nct = Nct().Matches(combined).Select(m => m.Value.ToUpperInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new ItemTags
        {
            Immunotherapy = immunotherapy,
            CancerTypes = types,
            Sites = types.Select(t => t.Site).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            GenericCancer = generic,
            Modalities = found,
            NctIds = nct,
            Phases = TrialPhase.Find(combined),
            Status = TrialStatus.FindInText(combined),
            IsTrial = nct.Count > 0,
        };
    }

    [GeneratedRegex(@"\bNCT\d{8}\b", RegexOptions.IgnoreCase)]
    private static partial Regex Nct();
}
