using System.Globalization;
using Microsoft.Extensions.Options;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.DependencyInjection;

/// <summary>
/// Checks <see cref="DmaBufCoreOptions"/> the same way whether they came from configuration or from
/// code. Each failure is one line naming the setting as configuration spells it
/// (<c>Core:MigrationWaitTimeout: 00:00:00 must be more than 0</c>).
/// </summary>
internal sealed class DmaBufCoreOptionsValidator : IValidateOptions<DmaBufCoreOptions>
{
    private static readonly TimeSpan s_longest = TimeSpan.FromMilliseconds(int.MaxValue);

    public ValidateOptionsResult Validate(string? name, DmaBufCoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem of <paramref name="options"/>, none when they are valid.</summary>
    public static IEnumerable<string> Failures(DmaBufCoreOptions options)
    {
        if (!Enum.IsDefined(options.Storage))
        {
            yield return Setting(nameof(options.Storage), $"{options.Storage} is not one of {string.Join(", ", Enum.GetNames<StorageKind>())}");
        }
        else if (options.Storage == StorageKind.Memfd && !OperatingSystem.IsLinux())
        {
            yield return Setting(nameof(options.Storage), "Memfd storage needs Linux (use Auto or NativeMemory)");
        }

        if (!Enum.IsDefined(options.LateAttach))
        {
            yield return Setting(nameof(options.LateAttach), $"{options.LateAttach} is not one of {string.Join(", ", Enum.GetNames<LateAttachPolicy>())}");
        }

        var fence = options.FenceTimeout;
        if ((fence < TimeSpan.Zero && fence != Timeout.InfiniteTimeSpan) || fence > s_longest)
        {
            yield return Setting(nameof(options.FenceTimeout),
                $"{Format(fence)} is not a timeout (0 to {Format(s_longest)}, or {Format(Timeout.InfiniteTimeSpan)} to wait forever)");
        }

        var migration = options.MigrationWaitTimeout;
        if (migration <= TimeSpan.Zero || migration > s_longest)
        {
            yield return Setting(nameof(options.MigrationWaitTimeout), $"{Format(migration)} is outside 00:00:00.001 to {Format(s_longest)}");
        }
    }

    private static string Setting(string property, string reason) => $"{DmaBufCoreOptions.Section}:{property}: {reason}";

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
