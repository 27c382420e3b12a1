namespace PluggableDmaBuf.Testing.Harness;

/// <summary>Which <see cref="PipelineStage"/> call the harness made.</summary>
public enum StageCallbackKind
{
    /// <summary><see cref="PipelineStage.Configure"/>.</summary>
    Configure,

    /// <summary><see cref="PipelineStage.ResolveOutput"/>.</summary>
    ResolveOutput,

    /// <summary><see cref="PipelineStage.Start"/>.</summary>
    Start,

    /// <summary><see cref="PipelineStage.ProcessFrame"/>.</summary>
    ProcessFrame,

    /// <summary><see cref="PipelineStage.Complete"/>.</summary>
    Complete,
}
