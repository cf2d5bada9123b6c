namespace Dialogue.Language;

/// <summary>Commands a person can give at any point in a conversation.</summary>
public enum GlobalCommand
{
    /// <summary>STOPP: end the conversation.</summary>
    Stop,

    /// <summary>AVBRYT: drop what we are doing now.</summary>
    Cancel,

    /// <summary>HJELP: how to use the bot.</summary>
    Help,

    /// <summary>VEILEDER: talk to a person.</summary>
    Human,

    /// <summary>START: begin again.</summary>
    Start,
}
