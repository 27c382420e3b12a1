namespace PluggableDmaBuf.Host.Tests.Cli.Support;

/// <summary>
/// <c>probe0:probe</c>, a sink created by constructor injection that counts, in the injected
/// <see cref="StageProbe"/>, how often it is created, disposed and configured.
/// </summary>
internal sealed class ProbeStage : PipelineStage, IDisposable
{
    private readonly StageProbe _probe;

    public ProbeStage(StageProbe probe)
        : base("probe", probe.Device)
    {
        _probe = probe;
        probe.Created++;
    }

    public override StagePort Input => new(_probe.Device, ["probe"]);

    public override void Configure(IStageContext context) => _probe.Configured++;

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("a listing must not process frames");

    public void Dispose() => _probe.Disposed++;
}
