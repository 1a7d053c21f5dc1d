using Microsoft.Extensions.Logging;

namespace ImmunoWatch.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Applied migration {Version:D4} {Name}")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Source {SourceId}: storing the fetch hit {SqlState} ({Reason}); retrying (attempt {Attempt})")]
    public static partial void StoreRetried(ILogger logger, long sourceId, string sqlState, string reason, int attempt);
}
