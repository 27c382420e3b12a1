using Microsoft.Extensions.Options;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Configuration;

/// <summary>Validates the <c>Pipeline</c> section through the options pattern with the rules of <see cref="PipelineOptions.Validate"/>.</summary>
internal sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (BadInputException e)
        {
            // The rules name the setting themselves ("Pipeline:Frames: 0 must be at least 1").
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
