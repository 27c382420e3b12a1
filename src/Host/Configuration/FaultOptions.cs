using System.Globalization;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Faults;
using PluggableDmaBuf.Host.Pipeline;

namespace PluggableDmaBuf.Host.Configuration;

/// <summary>
/// The <c>Faults</c> section: faults injected on purpose, for tests of what the host does when things
/// go wrong. Absent or empty, nothing is injected. Each injected fault's message says
/// <c>injected fault: …</c>, so nobody takes it for a real one.
/// </summary>
internal sealed class FaultOptions
{
    public const string Section = "Faults";

    /// <summary><c>device:stage@N</c>: the stage throws instead of processing frame N (as a plugin's bug would).</summary>
    public string? StageThrows { get; set; }

    /// <summary>
    /// <c>device:stage@N</c>: the stage processes frame N but never signals its fences for it (its write
    /// fence, and its read fence if it has an input), as a hung device would; the stall watcher reports it.
    /// </summary>
    public string? FenceNeverSignalled { get; set; }

    /// <summary>K, from 1: the K-th buffer allocation of the run fails as an exhausted heap would.</summary>
    public int? HeapExhaustedAt { get; set; }

    /// <summary>A plugin's name (its assembly name, as <c>pdmabuf plugins</c> lists it): its start throws.</summary>
    public string? PluginFailsToStart { get; set; }

    /// <summary><see cref="StageThrows"/> parsed; null when off.</summary>
    public FaultPoint? StageThrowsAt => FaultPoint.Parse(StageThrows, $"{Section}:{nameof(StageThrows)}");

    /// <summary><see cref="FenceNeverSignalled"/> parsed; null when off.</summary>
    public FaultPoint? FenceNeverSignalledAt => FaultPoint.Parse(FenceNeverSignalled, $"{Section}:{nameof(FenceNeverSignalled)}");

    /// <summary>Whether <see cref="PluginFailsToStart"/> names a plugin.</summary>
    public bool FailsToStart(string plugin) =>
        !string.IsNullOrWhiteSpace(PluginFailsToStart) && string.Equals(PluginFailsToStart.Trim(), plugin, StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks the values on their own, naming the setting.</summary>
    /// <exception cref="BadInputException">A point that is not <c>device:stage@N</c>, or K below 1.</exception>
    public void Validate()
    {
        _ = StageThrowsAt;
        _ = FenceNeverSignalledAt;
        if (HeapExhaustedAt is < 1)
        {
            throw new BadInputException($"{Section}:{nameof(HeapExhaustedAt)}", $"{HeapExhaustedAt} must be at least 1 (the first allocation is 1)");
        }
    }

    /// <summary>
    /// Checks the faults against a planned run, so that a fault that could never fire is an error rather
    /// than a test that passes for the wrong reason: the stage must be an element of the pipeline, N one
    /// of its frames, K one of the run's allocations.
    /// </summary>
    /// <exception cref="BadInputException">The fault cannot happen in this run.</exception>
    public void CheckAgainst(PipelinePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Check(StageThrowsAt, nameof(StageThrows), plan);
        Check(FenceNeverSignalledAt, nameof(FenceNeverSignalled), plan);
        var buffers = plan.Links.Select(l => l.Producer).Distinct().Count() * plan.LinkDepth;
        if (HeapExhaustedAt > buffers)
        {
            throw new BadInputException($"{Section}:{nameof(HeapExhaustedAt)}",
                string.Create(CultureInfo.InvariantCulture, $"{HeapExhaustedAt} is beyond the {buffers} buffers this run allocates"));
        }
    }

    private static void Check(FaultPoint? point, string setting, PipelinePlan plan)
    {
        if (point is not { } at)
        {
            return;
        }

        var element = plan.Elements.FirstOrDefault(e => e.Stage.Id == at.Stage)
            ?? throw new BadInputException($"{Section}:{setting}",
                $"{at.Stage} is not an element of the pipeline (its elements: {string.Join(", ", plan.Elements.Select(e => e.Stage.Id))})");
        var first = element.StartAt ?? 0;
        if (at.Frame < first || at.Frame >= plan.Frames)
        {
            throw new BadInputException($"{Section}:{setting}",
                string.Create(CultureInfo.InvariantCulture, $"frame {at.Frame} is not one {at.Stage} sees in this run ({first} to {plan.Frames - 1})"));
        }
    }
}
