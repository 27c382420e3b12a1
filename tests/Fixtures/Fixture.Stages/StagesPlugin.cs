using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf;

namespace Fixture.Stages;

/// <summary>
/// Stages that misbehave on purpose, for the pipeline's failure tests: device <c>probe0</c>
/// (behind an IOMMU, no placement restrictions, linear NV12 and XR24) with the sinks
/// <c>probe0:fail</c>, which throws at frame 3, and <c>probe0:hang</c>, which never finishes its
/// first frame, and the source <c>probe0:broken</c>, whose frame 3 fails half-written.
/// </summary>
public sealed class StagesPlugin : IDmaBufPlugin
{
    internal static DeviceDescription Device { get; } = new("probe0", hasIommu: true, addressBits: 64,
        formats: [new FormatSupport(PixelFormat.NV12, ["linear"]), new FormatSupport(PixelFormat.XR24, ["linear"])],
        usages: ["probe"]);

    public void ConfigureServices(IServiceCollection services)
    {
        services.AddDmaBufDevice(Device, DeviceRoles.Importer);
        services.AddPipelineStage<FailStage>();
        services.AddPipelineStage<HangStage>();
        services.AddPipelineStage<BrokenSourceStage>();
    }
}

/// <summary>
/// <c>probe0:fail</c>: consumes frames 0 to 2, then throws (a bug in a plugin); with
/// <c>complete-throws=true</c> its <see cref="Complete"/> throws as well, after the run has failed.
/// </summary>
public sealed class FailStage() : PipelineStage("fail", StagesPlugin.Device)
{
    public const int FailAt = 3;

    internal static readonly StageProperty<bool> CompleteThrows = StageProperty.Boolean("complete-throws", false, "Complete throws too");

    private bool _completeThrows;

    public override StagePort Input { get; } = new(StagesPlugin.Device, ["probe"]);

    public override IReadOnlyList<StageProperty> Properties { get; } = [CompleteThrows];

    public override void Configure(IStageContext context) => _completeThrows = context.Options.Get(CompleteThrows);

    public override void Complete(IStageContext context, bool completed)
    {
        if (_completeThrows)
        {
            throw new InvalidOperationException("probe0 could not complete either");
        }
    }

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        if (frame.Index == FailAt)
        {
            throw new InvalidOperationException($"probe0 lost its sync at frame {frame.Index}");
        }
    }
}

/// <summary>
/// <c>probe0:hang</c>: blocks in its first frame until the run is cancelled (a wedged device). It
/// records its value <c>hanging</c> (1) for the frame once it blocks, so a test knows when.
/// </summary>
public sealed class HangStage() : PipelineStage("hang", StagesPlugin.Device)
{
    public static readonly StageValue Hanging = new("hanging", StageValueFormat.Decimal, "1 once the stage blocks in the frame");

    private IStageContext? _context;

    public override StagePort Input { get; } = new(StagesPlugin.Device, ["probe"]);

    public override IReadOnlyList<StageValue> Values { get; } = [Hanging];

    public override void Configure(IStageContext context) => _context = context;

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        _context!.Record(Hanging, frame.Index, 1);
        cancellationToken.WaitHandle.WaitOne();
        cancellationToken.ThrowIfCancellationRequested();
    }
}

/// <summary>
/// <c>probe0:broken</c>: a source of XR24 frames filled with their index; frame 3 is left half
/// written and fails after a while (a device error mid-DMA), long enough for its consumer to be
/// waiting on the frame's write fence.
/// </summary>
public sealed class BrokenSourceStage() : PipelineStage("broken", StagesPlugin.Device)
{
    public const int FailAt = 3;

    public override StagePort Output { get; } = new(StagesPlugin.Device, ["probe"], [new FormatSupport(PixelFormat.XR24, ["linear"])]);

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        var bytes = frame.Output.GetLinearSpan();
        if (frame.Index == FailAt)
        {
            bytes[..(bytes.Length / 2)].Fill(0xEE);
            Thread.Sleep(100);
            throw new InvalidOperationException($"probe0 DMA error in frame {frame.Index}");
        }

        bytes.Fill((byte)frame.Index);
    }
}
