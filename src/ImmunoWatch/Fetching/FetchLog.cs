using Microsoft.Extensions.Logging;

namespace ImmunoWatch.Fetching;

internal static partial class FetchLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Fetched {Host}: HTTP {Status}, {Bytes} bytes")]
    public static partial void Fetched(ILogger logger, string host, int status, int bytes);
}
