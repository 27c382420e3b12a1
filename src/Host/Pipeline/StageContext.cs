using Microsoft.Extensions.Logging;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>The host's <see cref="IStageContext"/> for one stage of one run.</summary>
internal sealed class StageContext(int width, int height, int frames, string outputDirectory,
    IReadOnlyDictionary<string, string?> options, RunRecorder recorder, ILogger logger) : IStageContext
{
    public int Width { get; set; } = width;

    public int Height { get; set; } = height;

    public int Frames { get; } = frames;

    public string OutputDirectory { get; } = outputDirectory;

    public ILogger Logger { get; } = logger;

    public string? GetOption(string name) => recorder.Published(name) ?? options.GetValueOrDefault(name);

    public void Publish(string name, string value) => recorder.Publish(name, value);

    public void ReportOutput(string path) => recorder.ReportOutput(path);

    public void ReportCrc(string plane, int frame, uint crc) => recorder.ReportCrc(plane, frame, crc);
}
