using System.ComponentModel.DataAnnotations;

namespace ImmunoWatch.Digests;

/// <summary>Digest composition and links (configuration section <c>Digests</c>).</summary>
public sealed class DigestOptions
{
    public const string Section = "Digests";

    /// <summary>Public base URL of this ImmunoWatch (unsubscribe, preferences, web version). Default http://127.0.0.1:8080.</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Secret for the HMAC tokens in unsubscribe and preferences links. At least 32 characters; set it in production.</summary>
    [Required, MinLength(32)]
    public string TokenSecret { get; set; } = "change-me-change-me-change-me-change-me";

    /// <summary>Entries per section before "N more". Default 8.</summary>
    [Range(1, 100)]
    public int MaxEntriesPerSection { get; set; } = 8;

    /// <summary>Entries in one digest at most. Default 60.</summary>
    [Range(1, 1000)]
    public int MaxEntries { get; set; } = 60;

    /// <summary>Largest HTML body; entries beyond it move to the web version. Default 400 KB.</summary>
    [Range(10_000, 5_000_000)]
    public int MaxHtmlBytes { get; set; } = 400_000;

    /// <summary>Characters of summary shown per entry. Default 400.</summary>
    [Range(0, 5_000)]
    public int SummaryChars { get; set; } = 400;

    /// <summary>
    /// How many days before a period began an item may have been published and still be news in it
    /// when it is first seen during the period: feeds often list an article some days after its date,
    /// and a poll can find an item dated just before the last digest. Anything older is a new source's
    /// backlog and stays out. Default 14.
    /// </summary>
    [Range(0, 90)]
    public int LateArrivalDays { get; set; } = 14;

    /// <summary>Send an email when nothing is new (saying so). Default false: no email.</summary>
    public bool SendWhenEmpty { get; set; }
}
