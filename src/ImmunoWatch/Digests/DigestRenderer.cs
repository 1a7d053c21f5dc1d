using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Fluid;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Digests;

/// <summary>
/// Renders a digest with Fluid templates (Templates/*.liquid): an HTML part that mail clients
/// render (table layout, inline CSS, no scripts, no images) with every feed value HTML-encoded
/// exactly once, and a plain-text part with no markup. Only http(s) links are ever emitted.
/// </summary>
public sealed class DigestRenderer
{
    private static readonly FluidParser Parser = new();
    private readonly IFluidTemplate _html;
    private readonly IFluidTemplate _text;
    private readonly TemplateOptions _templateOptions = new() { MemberAccessStrategy = new UnsafeMemberAccessStrategy() };
    private readonly DigestOptions _options;
    private readonly SubscriberTokens _tokens;

    public DigestRenderer(IOptions<DigestOptions> options, SubscriberTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _tokens = tokens;
        _html = Load("digest.html.liquid");
        _text = Load("digest.txt.liquid");
    }

    /// <summary>Renders within <see cref="DigestOptions.MaxHtmlBytes"/>: while too large, each section keeps half its entries and the rest become "N more".</summary>
    public RenderedDigest Render(Digest digest, long? webVersionId)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var rendered = RenderOnce(digest, webVersionId);
        while (Encoding.UTF8.GetByteCount(rendered.Html) > _options.MaxHtmlBytes && digest.EntryCount > 0)
        {
            static DigestSection Halve(DigestSection s) => s with { Entries = s.Entries.Take(s.Entries.Count / 2).ToList(), More = s.More + s.Entries.Count - (s.Entries.Count / 2) };
            digest = digest with { Sections = digest.Sections.Select(Halve).ToList(), Trials = digest.Trials is null ? null : Halve(digest.Trials), TrialUpdates = digest.TrialUpdates is null ? null : Halve(digest.TrialUpdates) };
            rendered = RenderOnce(digest, webVersionId);
        }

        return rendered;
    }

    private RenderedDigest RenderOnce(Digest digest, long? webVersionId)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var subscriber = digest.Subscriber;
        var baseUrl = _options.PublicBaseUrl.TrimEnd('/');
        var unsubscribe = UnsubscribeUrl(subscriber.Id);
        var preferences = $"{baseUrl}/p/{_tokens.Create(SubscriberTokens.Preferences, subscriber.Id)}";
        var web = webVersionId is { } id ? $"{baseUrl}/d/{_tokens.Create(SubscriberTokens.WebVersion, id)}" : $"{baseUrl}/";
        var advocate = subscriber.Audience == Subscribers.Audiences.Advocate;
        var outside = digest.TrialsOutsideLocation == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $"{digest.TrialsOutsideLocation} more {(digest.TrialsOutsideLocation == 1 ? "trial" : "trials")} of the cancer types you follow changed, but {(digest.TrialsOutsideLocation == 1 ? "it has" : "they have")} no site {subscriber.Trials.Location?.Describe()}.");
        // Every update was outside the location: the section still says so.
        var updates = digest.TrialUpdates ?? (outside.Length > 0 ? new DigestSection("TRIAL_UPDATES", "Trial updates", "", [], 0) : null);
        var trialParts = new[] { updates, digest.Trials }.OfType<DigestSection>().ToList();
        var sections = (advocate ? trialParts.Concat(digest.Sections) : digest.Sections.Concat(trialParts))
            .Where(s => s.Entries.Count > 0 || s.More > 0 || (s.Key == "TRIAL_UPDATES" && outside.Length > 0))
            .Select(s => new
            {
                title = s.Title,
                pointer = s.Pointer,
                more = s.More,
                note = s.Key == "TRIAL_UPDATES" ? outside : "",
                entries = s.Entries.Select(e => e.Update is null
                    ? new { title = OneLine(e.Title), link = e.Link ?? "", summary = OneLine(e.Summary), meta = Meta(e), details = new List<string>() }
                    : advocate
                        ? new { title = OneLine(e.Title), link = e.Link ?? "", summary = "", meta = UpdateMeta(e), details = UpdateDetails(e) }
                        : new { title = OneLine(e.Title), link = e.Link ?? "", summary = "", meta = CompactUpdateMeta(e), details = new List<string>() }).ToList(),
            })
            .ToList();
        var subject = Subject(digest);
        var model = new
        {
            subject,
            heading = Heading(digest),
            is_empty = digest.IsEmpty,
            explainer_first = advocate,
            explainer_html = ExplainerMarkup.ToHtml(digest.Explainer),
            explainer_text = ExplainerMarkup.ToText(digest.Explainer),
            sections,
            cadence = subscriber.Cadence,
            email = subscriber.Email,
            web_url = web,
            preferences_url = preferences,
            unsubscribe_url = unsubscribe,
        };
        var html = _html.Render(new TemplateContext(model, _templateOptions), HtmlEncoder.Default);
        var text = _text.Render(new TemplateContext(model, _templateOptions), NullEncoder.Default);
        return new RenderedDigest(subject, html, text, unsubscribe, web);
    }

    /// <summary>The one-click unsubscribe link of a subscriber (the same in the body and in the List-Unsubscribe header).</summary>
    public string UnsubscribeUrl(long subscriberId) =>
        $"{_options.PublicBaseUrl.TrimEnd('/')}/u/{_tokens.Create(SubscriberTokens.Unsubscribe, subscriberId)}";

    /// <summary>The same count as the subject (everything new); when the digest is capped, how many of them it shows.</summary>
    private static string Heading(Digest digest)
    {
        var total = digest.EntryCount + digest.MoreCount;
        var shown = digest.MoreCount == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" ({digest.EntryCount} shown here, the rest on the web version)");
        return string.Create(CultureInfo.InvariantCulture, $"{(digest.Subscriber.Cadence == Subscribers.Cadences.Daily ? "Daily" : "Weekly")} digest · {digest.Period.Key} · {total} new {(total == 1 ? "item" : "items")}{shown}");
    }

    private static string Subject(Digest digest)
    {
        var count = digest.EntryCount + digest.MoreCount;
        var topics = digest.Sections.Where(s => s.Entries.Count > 0).Take(3).Select(s => s.Title).ToList();
        var about = topics.Count == 0 ? "" : " · " + string.Join(", ", topics);
        return OneLine(string.Create(CultureInfo.InvariantCulture, $"ImmunoWatch {digest.Period.Key}: {count} new in cancer immunotherapy{about}"));
    }

    private static string Meta(DigestEntry entry)
    {
        var parts = new List<string>();
        if (entry.Published is { } published)
        {
            parts.Add(published.ToString("d MMM yyyy", CultureInfo.InvariantCulture));
        }

        parts.Add(string.Join(", ", entry.Sources));
        if (entry.Phases.Count > 0)
        {
            parts.Add(string.Join("/", entry.Phases.Select(p => p.Replace("PHASE", "Phase ", StringComparison.Ordinal))));
        }

        if (entry.Status is { } status)
        {
            parts.Add(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(status.Replace('_', ' ').ToLowerInvariant()));
        }

        if (entry.OpenToAnyCancer)
        {
            parts.Add("open to several cancer types");
        }

        if (entry.Modalities.Count > 0)
        {
            parts.Add(string.Join(", ", entry.Modalities.Select(m => m.Replace('-', ' '))));
        }

        return OneLine(string.Join(" · ", parts));
    }

    /// <summary>An advocate's trial update, first line: what happened, status, phases.</summary>
    private static string UpdateMeta(DigestEntry entry)
    {
        var parts = new List<string> { entry.Update!, $"{entry.NctId}", TrialUpdateSelector.StatusName(entry.Status) };
        if (entry.Phases.Count > 0)
        {
            parts.Add(Phases(entry.Phases));
        }

        return OneLine(string.Join(" · ", parts));
    }

    /// <summary>An advocate's trial update, the lines under it: the change, the nearest site, who may take part.</summary>
    private static List<string> UpdateDetails(DigestEntry entry)
    {
        var lines = new List<string>();
        if (entry.ChangeLine is { } change)
        {
            lines.Add(OneLine(change));
        }

        lines.Add(entry.NearestSite is { } site ? OneLine($"Nearest site: {site}") : "No sites listed yet");
        if (entry.Eligibility is { } eligibility)
        {
            lines.Add(OneLine($"Who can take part: {eligibility}"));
        }

        return lines;
    }

    /// <summary>A clinician's trial update on one line: phase, status change, condition.</summary>
    private static string CompactUpdateMeta(DigestEntry entry)
    {
        var parts = new List<string> { $"{entry.NctId}" };
        if (entry.Phases.Count > 0)
        {
            parts.Add(Phases(entry.Phases));
        }

        parts.Add(entry.ChangeLine ?? entry.Update!);
        if (entry.Conditions.Count > 0)
        {
            parts.Add(string.Join(", ", entry.Conditions.Take(3)) + (entry.Conditions.Count > 3 ? " …" : ""));
        }

        return OneLine(string.Join(" · ", parts));
    }

    private static string Phases(IReadOnlyList<string> phases) =>
        string.Join("/", phases.Select(p => p.Replace("EARLY_PHASE1", "Early phase 1", StringComparison.Ordinal).Replace("PHASE", "Phase ", StringComparison.Ordinal)));

    /// <summary>Control characters (CR, LF, NUL ...) become spaces: feed text never breaks a line or a header.</summary>
    public static string OneLine(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString().Trim();
    }

    private static IFluidTemplate Load(string name)
    {
        using var stream = typeof(DigestRenderer).Assembly.GetManifestResourceStream("templates/" + name)
            ?? throw new InvalidOperationException($"template {name} is not embedded");
        using var reader = new StreamReader(stream);
        return Parser.TryParse(reader.ReadToEnd(), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"template {name}: {error}");
    }
}
