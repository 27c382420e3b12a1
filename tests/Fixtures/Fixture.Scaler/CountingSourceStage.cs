using System.Globalization;
using PluggableDmaBuf;

namespace Fixture.Scaler;

/// <summary>
/// <c>probe1:source</c>: XR24 frames, each pixel (x + y + frame) in every channel, in buffers that
/// carry its own <see cref="CountingExporter"/>. The exporter's counts are written to
/// <c>probe1-exporter.txt</c> in the output folder after every release, so the last write, after the
/// last buffer's release, has them all.
/// </summary>
public sealed class CountingSourceStage() : PipelineStage("source", ScalerPlugin.Probe)
{
    private readonly CountingExporter _exporter = new();

    public override StagePort Output { get; } = new(ScalerPlugin.Probe, ["counting"]);

    public override DmaBufExporter OutputExporter => _exporter;

    public override void Configure(IStageContext context) => _exporter.Report = Path.Combine(context.OutputDirectory, "probe1-exporter.txt");

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        var buffer = frame.Output.Buffer!;
        var plane = buffer.Planes[0];
        var bytes = frame.Output.GetLinearSpan();
        for (var y = 0; y < buffer.Height; y++)
        {
            var row = bytes.Slice((int)plane.Offset + (y * plane.Pitch), buffer.Width * 4);
            for (var x = 0; x < buffer.Width; x++)
            {
                row.Slice(4 * x, 4).Fill((byte)(x + y + frame.Index));
            }
        }
    }
}

/// <summary>Counts every callback; thread safe, as an exporter shared by a link's buffers must be.</summary>
public sealed class CountingExporter() : DmaBufExporter("probe1")
{
    private int _attach;
    private int _detach;
    private int _map;
    private int _unmap;
    private int _release;

    public string? Report { get; set; }

    public override void Attach(DmaBufAttachment attachment) => Interlocked.Increment(ref _attach);

    public override void Detach(DmaBufAttachment attachment) => Interlocked.Increment(ref _detach);

    public override void Map(DmaBufMapping mapping) => Interlocked.Increment(ref _map);

    public override void Unmap(DmaBufMapping mapping) => Interlocked.Increment(ref _unmap);

    public override void Release(IDmaBuf buffer)
    {
        Interlocked.Increment(ref _release);
        if (Report is { } path)
        {
            File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture,
                $"attach={Volatile.Read(ref _attach)} detach={Volatile.Read(ref _detach)} map={Volatile.Read(ref _map)} unmap={Volatile.Read(ref _unmap)} release={Volatile.Read(ref _release)}"));
        }
    }
}
