using Microsoft.Extensions.Logging;

namespace ImmunoWatch.Scheduling;

internal static partial class TagLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Re-tagged {Count} stored items with tagger version {Version}")]
    public static partial void Retagged(ILogger logger, int count, int version);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Re-tagging stopped early; the next run continues")]
    public static partial void RetagFailed(ILogger logger, Exception exception);
}
