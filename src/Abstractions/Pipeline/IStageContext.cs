using Microsoft.Extensions.Logging;

namespace PluggableDmaBuf;

/// <summary>
/// What the host tells a <see cref="PipelineStage"/> about its run, and where the stage records its
/// results. One context per stage per run, provided by the host (or by a test harness), valid from
/// <see cref="PipelineStage.Configure"/> until <see cref="PipelineStage.Complete"/> returns.
/// </summary>
/// <remarks>
/// <see cref="InputCaps"/> and <see cref="OutputCaps"/> are set once the links' caps are resolved, before
/// <see cref="PipelineStage.Start"/>; they are <c>null</c> during <see cref="PipelineStage.Configure"/>
/// and <see cref="PipelineStage.ResolveOutput"/>. <see cref="Record"/> and <see cref="ReportOutput"/>
/// are thread safe and do not allocate for a declared value.
/// </remarks>
public interface IStageContext
{
    /// <summary>Frames in the run: frame indexes go from 0 to <c>Frames - 1</c> (a late consumer starts later).</summary>
    int Frames { get; }

    /// <summary>The frame size a source uses when it has none of its own (the run's <c>--size</c>).</summary>
    StreamCaps DefaultCaps { get; }

    /// <summary>The folder for files the stage writes; the host creates it before <see cref="PipelineStage.Start"/>.</summary>
    string OutputDirectory { get; }

    /// <summary>The stage's bound property values.</summary>
    StageOptions Options { get; }

    /// <summary>The caps of the stage's input link; <c>null</c> for a source, and until caps are resolved.</summary>
    LinkCaps? InputCaps { get; }

    /// <summary>The caps of the stage's output link; <c>null</c> for a sink, and until caps are resolved.</summary>
    LinkCaps? OutputCaps { get; }

    /// <summary>A logger for the stage.</summary>
    ILogger Logger { get; }

    /// <summary>Records a file the stage wrote, for the run report's <c>outputs</c>.</summary>
    /// <param name="path">The file's path.</param>
    void ReportOutput(string path);

    /// <summary>Records one of the stage's declared <see cref="PipelineStage.Values"/> for a frame.</summary>
    /// <param name="value">A value the stage declares.</param>
    /// <param name="frame">The frame's index.</param>
    /// <param name="number">The value (a CRC-32 as its unsigned 32 bits).</param>
    /// <exception cref="ArgumentException">The value is not declared by the stage, or the frame is outside the run.</exception>
    void Record(StageValue value, int frame, long number);
}
