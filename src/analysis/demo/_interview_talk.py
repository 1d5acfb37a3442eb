"""The talk around the themes: interviewer prompts, openings, closings, fillers and asides.

Same markup as :mod:`analysis.demo._interview_text` (``[a|b]`` alternatives, ``{slot}`` names;
``{first}`` is the interviewee's first name). Participant lines here are written for no theme
(``none``); interviewer lines are never coded.
"""

#: Interviewer questions that open a theme, by the voice of the interviewee.
PROMPTS: dict[str, dict[str, tuple[str, ...]]] = {
    "HOLD-PROLONG": {
        "lw": (
            "How long do you tend to stay with people?",
            "Do you have people you've been supporting for a long time?",
            "What happens with the people who don't get better in a few weeks?",
        ),
        "pro": (
            "How long do the link workers stay involved with people, as far as you can see?",
            "Have you come across people who've been with a link worker for a long time?",
        ),
        "pt": (
            "How long have you been seeing her now?",
            "And how often do you see her these days?",
        ),
    },
    "HOLD-CONTAIN": {
        "lw": (
            "What's the emotional side of the job like?",
            "When people are really upset, what do you do?",
            "Do people tell you things they haven't told anyone else?",
        ),
        "pro": (
            "How do the link workers deal with people who are very distressed?",
            "What do you think patients get from talking to the link worker?",
        ),
        "pt": ("What's it like talking to her?", "How did you feel after you'd seen her?"),
    },
    "HOLD-NOGOAL": {
        "lw": (
            "Do you always work towards a goal with people?",
            "What does a session look like when there's no particular plan?",
            "How do goals fit into what you do?",
        ),
        "pro": (
            "Do you see a clear aim in what the link workers do with people?",
            "How do you make sense of the contacts that don't seem to lead anywhere?",
        ),
        "pt": (
            "What do you two talk about when you meet?",
            "Did she ask you what you wanted to get out of it?",
        ),
    },
    "HOLD-NOREFER": {
        "lw": (
            "How often do you actually refer people on?",
            "What happens when there's nowhere to refer someone to?",
            "Is connecting people to services the main part of it?",
        ),
        "pro": (
            "Do the link workers mostly connect people to other services?",
            "Where do the people you send to the link worker end up?",
        ),
        "pt": (
            "Did she put you in touch with other services or groups?",
            "Were there other places she suggested you try?",
        ),
    },
    "DISC-LENGTH": {
        "lw": (
            "Who decides how long you work with someone?",
            "Is there a limit on the number of sessions?",
            "How do you know when it's time to finish with someone?",
        ),
        "pro": (
            "Should there be a limit on how long link workers support people?",
            "Who decides when the link worker stops seeing someone?",
        ),
        "pt": (
            "How was the ending talked about, if it was?",
            "Did anyone tell you how long the support would last?",
        ),
    },
    "DISC-PLACE": {
        "lw": (
            "Where do you see people?",
            "Do you do home visits?",
            "How much say do you have over where you meet people?",
        ),
        "pro": ("Where do the link workers see patients?", "What's your view on home visits?"),
        "pt": (
            "Where do you usually meet?",
            "Did she come to your house, or did you go to the surgery?",
        ),
    },
    "DISC-TRAIN": {
        "lw": (
            "What training have you had for the role?",
            "Do you get to choose your own training?",
            "Is there training you feel you need but haven't had?",
        ),
        "pro": (
            "What training do you think link workers need?",
            "Who decides what training they do?",
        ),
    },
    "DISC-REFER": {
        "lw": (
            "How do referrals come to you?",
            "Do you get referrals that aren't right for you?",
            "Who decides who gets referred to you?",
        ),
        "pro": (
            "How does the practice decide who to refer?",
            "How do referrals work between you and the link workers?",
        ),
    },
    "DISC-SPEC": {
        "lw": (
            "Are there link workers in your area attached to particular services?",
            "How does your role compare with the specialist link workers?",
        ),
        "pro": (
            "Do you have specialist or condition-specific link workers?",
            "Is there a difference between the general and the specialist roles?",
        ),
        "pt": ("Was that the same link worker all the way through?",),
    },
    "caseload_burnout": {
        "lw": (
            "How's your caseload at the moment?",
            "How are you finding the workload?",
            "How do you look after yourself in this job?",
        ),
        "pro": (
            "How are the link workers coping with demand?",
            "Is there much staff turnover in the team?",
        ),
        "pt": (
            "Did you ever have to wait to see her?",
            "Could you get hold of her when you needed her?",
        ),
    },
    "funding_commissioning": {
        "lw": (
            "How secure does your job feel?",
            "How is the service funded, as far as you know?",
            "What would happen if the funding stopped?",
        ),
        "pro": (
            "How is the service commissioned locally?",
            "What's the funding picture like at the moment?",
        ),
        "pt": (
            "Did you know the service might be changing?",
            "What would it mean for you if the service stopped?",
        ),
    },
    "recording_systems": {
        "lw": (
            "How do you record what you do?",
            "What's the admin side like?",
            "Can you see the GP records?",
        ),
        "pro": (
            "How do you find out what the link worker has done with someone?",
            "How is the link worker's work recorded?",
        ),
        "pt": ("Did you have to tell your story more than once?",),
    },
    "vcs_capacity": {
        "lw": (
            "What's out there locally to connect people to?",
            "How are the local groups and charities coping?",
            "Are there gaps in what's available?",
        ),
        "pro": (
            "How is the voluntary sector coping with the referrals?",
            "What's the local community offer like?",
        ),
        "pt": (
            "Are there groups or things near you that you go to?",
            "Did you try any of the groups she suggested?",
        ),
    },
    "loneliness_isolation": {
        "lw": (
            "What kinds of things do people come to you with?",
            "Who are the people you see most of?",
        ),
        "pro": (
            "What kinds of problems do the patients you refer have?",
            "Who do you see coming through most often?",
        ),
        "pt": (
            "What was life like for you before you met her?",
            "How are you for company these days?",
        ),
    },
    "housing_debt": {
        "lw": (
            "Do practical things like money or housing come up?",
            "What's the cost of living doing to the people you see?",
        ),
        "pro": (
            "How much of what you see is about money or housing?",
            "What's the cost of living meant for your patients?",
        ),
        "pt": (
            "Did she help with any practical things, like money or the house?",
            "How have you been managing with bills and things?",
        ),
    },
}

#: Interviewer: the first lines, before any question.
OPENINGS = (
    "Okay, I think that's recording now. Thanks so much for making the time, {first}.",
    "Right, we're recording. Thanks ever so much for doing this, {first}.",
    "Lovely, that's started recording. Thanks for agreeing to talk to me, {first}.",
)
OPENINGS_W2 = (
    "Okay, we're recording. Thanks for agreeing to talk to me again, {first}.",
    "Right, that's recording. It's really good to catch up again, {first}, thanks for giving me the time.",
)
#: Interviewer consent checks, each with the answers that fit it.
CONSENT = (
    (
        "Before we start, just to check, you're happy for me to record this?",
        ("Yes, that's fine.", "Yeah, go for it.", "Yes, no problem."),
    ),
    (
        "And you've had a chance to look at the information sheet and signed the consent form?",
        (
            "Yep, all signed.",
            "Yeah, I've read it all, that's fine.",
            "Yes, I sent it back last week.",
        ),
    ),
    (
        "Anything you say is confidential and you can stop at any point. Is that okay?",
        ("Yes, that's fine.", "Yeah, no problem.", "That's fine, yeah."),
    ),
    (
        "Just to say, you can skip any question you'd rather not answer. Okay?",
        ("Okay.", "Yeah, that's fine.", "Lovely, okay."),
    ),
)
REMOTE_CHECK = ("Can you hear me all right?", "Is the sound okay your end?")

#: Interviewer: the first question, by voice and wave.
INTRO_QUESTIONS = {
    "lw": (
        "Could you start by telling me a bit about your role and how you came into it?",
        "So to start with, how long have you been a link worker, and what did you do before?",
    ),
    "pt": (
        "Could you tell me a bit about how you first came to meet {lw}?",
        "How did you first hear about the link worker service?",
    ),
    "gp": (
        "Can you tell me about your role in the practice and how you work with the link workers?",
    ),
    "mg": ("Could you describe your role and the team you manage?",),
    "vs": (
        "Can you tell me a bit about your organisation and how you came to work with link workers?",
    ),
    "w2": (
        "So it's been about a year since we last spoke. What's changed for you since then?",
        "Last time we talked was a while ago now. How have things been since?",
    ),
}

#: Interviewee: answers to the first question (theme ``none``), by voice; ``w2`` for wave two.
INTRO_ANSWERS = {
    "lw": (
        "So I've been a link worker for [about two years|nearly three years|just over a year] now.",
        "Before that I was [in housing support|a support worker in mental health|working in a call centre|a teaching assistant|in the council's benefits team].",
        "I'm employed by [the PCN|a local charity|the council] but I'm based across [two|three] practices.",
        "I kind of fell into it really, I saw the advert and thought, that sounds like me.",
        "I move about a fair bit during the week, a different surgery most days.",
        "It's a mix of phone calls, seeing people face to face and a lot of admin.",
        "I'd done a bit of volunteering before, so I knew some of the local groups already.",
        "My background's in youth work originally.",
    ),
    "pt": (
        "Well, I'd been going to the doctor's quite a lot, and one of the doctors said there was someone I could talk to.",
        "It was the receptionist who mentioned it, I think.",
        "I'd had a bad couple of years, what with one thing and another.",
        "I didn't really know what a link worker was, to be honest.",
        "I thought it was going to be a counsellor at first.",
        "I'm retired now, I used to work [at the bus depot|in a bakery|in the hospital kitchens|on the buses].",
        "My daughter pushed me into it, if I'm honest.",
    ),
    "gp": (
        "I'm [a GP partner|a salaried GP|the practice manager|one of the practice nurses|the care coordinator] at {practice}.",
        "I've been at the practice about ten years now.",
        "We've had a link worker with us for about two years.",
        "I was quite sceptical at the start, if I'm honest.",
        "We're a fairly big practice, quite a deprived patch.",
    ),
    "mg": (
        "I manage the social prescribing team, so [six|eight|eleven] link workers across the area.",
        "I was a link worker myself before, so I know the job.",
        "My background is in community development.",
        "I sit between the PCN and the charity that hosts the team, which is interesting.",
        "I've been in post about eighteen months.",
    ),
    "vs": (
        "I run {org}, we're a small charity.",
        "We do [lunch clubs, befriending and a bit of advice|gardening groups and walks|a men's group and a community cafe].",
        "We've been going about fifteen years now.",
        "I started as a volunteer and somehow ended up running the place.",
        "We get people from the link workers most weeks.",
    ),
    "w2": (
        "Well, quite a lot's changed really.",
        "We've had a restructure since we last spoke.",
        "Things are busier than ever.",
        "Some things are better, some things are worse.",
        "I'm still here, which is something.",
    ),
    "w2pt": (
        "I'm doing a lot better than last time, I think.",
        "It's been up and down, to be honest.",
        "I've had a few health scares since we last spoke.",
    ),
}

#: Interviewer follow-ups that keep the interviewee on the same theme.
PROBES = {
    "staff": (
        "Can you say a bit more about that?",
        "What does that look like day to day?",
        "Could you give me an example?",
        "Why do you think that is?",
        "And how does that compare with when you started?",
        "Is that typical, would you say?",
        "That's really interesting. Go on.",
        "How do you feel about that?",
    ),
    "pt": (
        "Can you say a bit more about that?",
        "How did that feel?",
        "What happened then?",
        "Could you give me an example?",
        "And how was that for you?",
    ),
}
BACKCHANNELS = (
    "Mm-hm.",
    "Yeah.",
    "Right.",
    "Okay.",
    "Mm.",
    "Sure.",
    "Yeah, yeah.",
    "Gosh.",
    "Right, okay.",
)
SORRY = ("Sorry, go on.", "Sorry -- carry on.", "Sorry, I cut you off.")
CLARIFY = {
    "staff": (
        "So is that the same across all your practices?",
        "Sorry, just to check, is that through the practice?",
        "And is that something you'd choose to do?",
        "So that was quite recent?",
        "Right, so it depends on the person?",
    ),
    "pt": (
        "So that was quite recent?",
        "And that's still going now?",
        "Was that before or after you met her?",
    ),
}
TRANSITIONS = (
    "Okay. ",
    "Thank you. ",
    "That's really helpful. ",
    "Right. ",
    "Moving on a bit, ",
    "",
    "",
    "",
)
CLOSING_QUESTIONS = (
    "Is there anything else you'd like to add, anything I haven't asked about?",
    "We're nearly out of time. Is there anything we haven't covered that you think is important?",
)
THANKS = (
    "Brilliant. Thank you so much, {first}, that's been really helpful. I'll stop the recording there.",
    "Lovely. Thanks again, {first}. I'll stop the recording now.",
)

#: Interviewee lines written for no theme.
ACKS = (
    "Yeah.",
    "Yes.",
    "Mm.",
    "Mm-hm.",
    "Yeah, exactly.",
    "That's right.",
    "Yeah, I think so.",
    "No, not really.",
    "Sort of, yeah.",
    "Oh, definitely.",
    "I suppose so, yeah.",
    "Yeah, yeah.",
    "Yes, that's right, yeah.",
)
REMOTE_ANSWERS = (
    "Yeah, I can hear you fine.",
    "Yes -- sorry, you froze for a second there. Okay, you're back.",
    "Yeah, that's fine.",
)
ASIDES = (
    "Sorry, the dog's going mad -- hang on. Right, sorry.",
    "Sorry, someone's at the door -- two seconds. Okay, I'm back.",
    "Sorry, I've just got to turn my phone off. There we go.",
)
ASIDES_REMOTE = (
    "Sorry, can you say that again? The line went a bit funny.",
    "Sorry, you've frozen -- oh, you're back. Sorry, what was the question?",
)
AFTER_ASIDE = ("No problem.", "No worries.", "That's fine, take your time.")
AFTER_ASIDE_REMOTE = (
    "Sorry, I was just asking if you could say a bit more about that.",
    "No worries -- I was asking about that last point, whether you could go into it a bit.",
)
CLOSING_NONE = (
    "No, I think that's everything.",
    "No, I think I've said it all.",
    "I don't think so. I hope that's been useful.",
    "No, I think we've covered it, thanks.",
)
GOODBYES = (
    "Thank you, it's been nice to talk about it actually.",
    "No problem at all, take care.",
    "Thanks, bye now.",
    "You're welcome. Good luck with it all.",
)

#: What opens an answer: fillers and discourse markers (lower-case the sentence after them).
OPENERS = (
    "Um, ",
    "Er, ",
    "Yeah, ",
    "Well, ",
    "So, ",
    "I mean, ",
    "Honestly, ",
    "Oh, ",
    "Mm, ",
    "Yeah, so ",
    "I think ",
    "Gosh, ",
    "Yeah, I mean, ",
    "Right, ",
    "Hmm, ",
)
#: Words dropped into a sentence's first comma, as people do when thinking aloud.
FILLERS = (
    "you know",
    "I mean",
    "like",
    "sort of",
    "I suppose",
    "basically",
    "to be fair",
    "er",
    "um",
)
#: Sentences that belong to no theme, said at the end or the start of a themed answer.
GLUE_END = (
    "I don't know if that makes sense.",
    "That's the best way I can put it.",
    "If that makes sense?",
    "Does that answer your question?",
    "Anyway.",
    "So, yeah.",
    "I've gone off on a bit of a tangent there.",
    "That's how I see it, anyway.",
)
GLUE_START = (
    "It's hard to explain really.",
    "I'm trying to think how to say this.",
    "Ooh, that's a big question.",
    "Good question.",
)
TAILS = (
    ", and that.",
    ", and stuff like that.",
    ", you know?",
    ", if you see what I mean.",
    ", really.",
)

#: Lines carrying personal data; kinds match the pii_planted truth table.
PII_LINES = {
    "pt": (
        (
            "Oh, do you need my details for the voucher? It's {postcode}, and my date of birth's {dob_long} if you need that.",
            ("postcode", "date_of_birth"),
        ),
        (
            "My NHS number's on the letter somewhere -- here it is, {nhs}. Do you need that?",
            ("nhs_number",),
        ),
        (
            "If you need me again my mobile is {mobile}, I don't always answer it mind.",
            ("phone_mobile",),
        ),
    ),
    "lw": (
        (
            "If anything comes up my work mobile's {mobile}, or just e-mail me, {email}.",
            ("phone_mobile", "email"),
        ),
        (
            "Sorry, I was just reading out a referral -- NHS number {nhs}, DOB {dob_short}. I shouldn't have said that on the recording, should I?",
            ("nhs_number", "date_of_birth"),
        ),
    ),
    "staff": (
        (
            "You can get me through reception on {landline}, or my e-mail's {email}.",
            ("phone_landline", "email"),
        ),
        (
            "Our office is at {postcode} if you want to send anything, and the number there is {landline}.",
            ("postcode", "phone_landline"),
        ),
    ),
}
