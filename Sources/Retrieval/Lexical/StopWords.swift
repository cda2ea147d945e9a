/// Words that carry no product information in queries: English function words plus the host chatter and calls to
/// action that fill live-stream and short-video transcripts. Only queries drop them; indexed text keeps everything.
enum StopWords {
    static let english: Set<String> = [
        "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
        "been", "before", "being", "but", "by", "can", "could", "did", "do", "does", "doing", "don", "down", "for",
        "from", "get", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i",
        "if", "in", "into", "is", "it", "its", "just", "let", "me", "more", "most", "my", "no", "nor", "not", "now",
        "of", "off", "on", "once", "one", "only", "or", "other", "our", "ours", "out", "over", "own", "re", "s",
        "same", "she", "should", "so", "some", "such", "t", "than", "that", "the", "their", "them", "then", "there",
        "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we",
        "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you",
        "your", "yours", "ll", "ve", "m", "d",
        // Filler and host chatter.
        "um", "uh", "uhm", "er", "ah", "oh", "hmm", "like", "okay", "ok", "yeah", "yes", "guys", "wow", "haha",
        "lol", "really", "actually", "basically", "literally", "honestly", "know", "mean", "right", "well", "gonna",
        "wanna", "gotta", "hey", "hi", "hello", "welcome", "everybody", "everyone", "folks", "thanks", "thank",
        "please", "look", "see", "check", "go", "going", "come", "coming", "say", "said", "tell", "think", "love",
        "today", "tonight", "now", "next", "back", "stream", "live", "video", "follow", "like", "share", "comment",
        "comments", "link", "below", "cart", "click", "tap", "hurry", "stock", "limited", "deal", "deals",
    ]

    /// The longest stop word in UTF-8 bytes: longer terms need no lookup.
    static let maxLength = english.map(\.utf8.count).max() ?? 0
}
