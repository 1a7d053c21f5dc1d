namespace ImmunoWatch.Storage;

/// <summary>
/// One recorded change of a trial: <c>first_seen</c>, <c>status</c> (overall), or <c>site_added</c>,
/// <c>site_status</c>, <c>site_removed</c> for one site; from and to are API status names.
/// </summary>
public sealed record TrialChange(string NctId, string Change, string? SiteKey, string? FromStatus, string? ToStatus, DateOnly? ChangedOn);
