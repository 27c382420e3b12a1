using Microsoft.Extensions.Logging;

namespace PluggableDmaBuf;

/// <summary>
/// What the host tells a <see cref="PipelineStage"/> about the run, and where the stage reports its
/// results. Provided by the host; valid from <see cref="PipelineStage.Configure"/> until
/// <see cref="PipelineStage.Complete"/> returns.
/// </summary>
/// <remarks>The report methods are thread safe.</remarks>
public interface IStageContext
{
    /// <summary>Frame width in pixels.</summary>
    int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    int Height { get; }

    /// <summary>Frames in the run.</summary>
    int Frames { get; }

    /// <summary>The folder for files the stage writes (created by the host).</summary>
    string OutputDirectory { get; }

    /// <summary>
    /// A run option by name (<c>source</c>, <c>matrix</c>, <c>snapshotEvery</c>), or a stream
    /// property an upstream stage published (for example <c>range</c>); <c>null</c> when unset.
    /// </summary>
    /// <param name="name">The option's name.</param>
    string? GetOption(string name);

    /// <summary>
    /// Publishes a property of the stream this stage produces (for example <c>range</c> = <c>full</c>
    /// from a file header). Stages are configured in pipeline order, so every stage downstream sees
    /// it through <see cref="GetOption"/>; a published property overrides a run option of that name.
    /// </summary>
    /// <param name="name">The property's name.</param>
    /// <param name="value">Its value.</param>
    void Publish(string name, string value);

    /// <summary>A logger for the stage.</summary>
    ILogger Logger { get; }

    /// <summary>Records a file the stage wrote, for the run report's <c>outputs</c>.</summary>
    /// <param name="path">The file's path.</param>
    void ReportOutput(string path);

    /// <summary>Records the CRC-32 of one plane of one frame, for the run report's <c>crc</c>.</summary>
    /// <param name="plane">The plane, for example <c>display0.primary</c>.</param>
    /// <param name="frame">The frame index.</param>
    /// <param name="crc">The CRC-32.</param>
    void ReportCrc(string plane, int frame, uint crc);
}
