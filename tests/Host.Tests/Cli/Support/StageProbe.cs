namespace PluggableDmaBuf.Host.Tests.Cli.Support;

/// <summary>A service <see cref="ProbeStage"/> takes in its constructor, counting what happens to the stage.</summary>
internal sealed class StageProbe(DeviceDescription device)
{
    public DeviceDescription Device { get; } = device;

    public int Created { get; set; }

    public int Configured { get; set; }

    public int Disposed { get; set; }
}
