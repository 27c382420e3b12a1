using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf;

namespace Fixture.BrokenStages;

/// <summary>
/// Stages that cannot be listed cleanly, for the discovery tests: device <c>flaky0</c> (linear XR24) with
/// <c>flaky0:ok</c>, a sink that lists fine; <see cref="BadPortStage"/>, whose output port names a format the
/// device does not declare, so its constructor throws; and <c>flaky0:props</c>, whose property table throws.
/// </summary>
public sealed class BrokenStagesPlugin : IDmaBufPlugin
{
    internal static DeviceDescription Device { get; } = new("flaky0", hasIommu: true, addressBits: 64,
        formats: [new FormatSupport(PixelFormat.XR24)], usages: ["probe"]);

    public void ConfigureServices(IServiceCollection services)
    {
        services.AddDmaBufDevice(Device, DeviceRoles.Importer | DeviceRoles.Exporter);
        services.AddPipelineStage<OkStage>();
        services.AddPipelineStage<BadPortStage>();
        services.AddPipelineStage<ThrowingPropertiesStage>();
    }
}

/// <summary><c>flaky0:ok</c>: a sink; configuring it (which a listing must never do) throws.</summary>
public sealed class OkStage() : PipelineStage("ok", BrokenStagesPlugin.Device)
{
    internal static readonly StageProperty<bool> Loop = StageProperty.Boolean("loop", false, "start again at the end");

    internal static readonly StageValue Count = new("count", StageValueFormat.Decimal, "frames seen");

    public override string Description => "Counts frames.";

    public override StagePort Input { get; } = new(BrokenStagesPlugin.Device, ["probe"]);

    public override IReadOnlyList<StageProperty> Properties { get; } = [Loop];

    public override IReadOnlyList<StageValue> Values { get; } = [Count];

    public override void Configure(IStageContext context) => throw new InvalidOperationException("flaky0:ok was configured");

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
    }
}

/// <summary>A source whose port names NV12, which flaky0 does not declare: the constructor throws.</summary>
public sealed class BadPortStage() : PipelineStage("bad", BrokenStagesPlugin.Device)
{
    public override StagePort Output { get; } = new(BrokenStagesPlugin.Device, ["probe"], [new FormatSupport(PixelFormat.NV12)]);

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
    }
}

/// <summary><c>flaky0:props</c>: a sink whose property table throws when read.</summary>
public sealed class ThrowingPropertiesStage() : PipelineStage("props", BrokenStagesPlugin.Device)
{
    public override StagePort Input { get; } = new(BrokenStagesPlugin.Device, ["probe"]);

    public override IReadOnlyList<StageProperty> Properties => throw new InvalidOperationException("the property table is not loaded");

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
    }
}
