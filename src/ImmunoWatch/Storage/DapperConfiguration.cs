using System.Data;
using Dapper;

namespace ImmunoWatch.Storage;

/// <summary>
/// Dapper settings shared by every store: snake_case columns map to PascalCase members, and
/// timestamptz values travel as UTC <see cref="DateTimeOffset"/> (Npgsql accepts only UTC for timestamptz).
/// </summary>
public static class DapperConfiguration
{
    private static int _configured;

    public static void Apply()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1)
        {
            return;
        }

        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new UtcDateTimeOffsetHandler());
    }

    private sealed class UtcDateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value.ToUniversalTime();

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset offset => offset.ToUniversalTime(),
            DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
            _ => throw new DataException($"cannot read {value.GetType().Name} as a timestamp"),
        };
    }
}
